#include "source/DataSource.h"

#include <QJsonArray>

namespace promdeck {

QueryReply::~QueryReply()
{
    // Nothing finishes any more; the transfer stops now, while this is still a QueryReply, so the
    // network reply's own `finished` (emitted by the abort) meets a finished reply, not half of one.
    m_finished = true;
    if (m_abortHandler)
        std::exchange(m_abortHandler, nullptr)();
}

void QueryReply::abort()
{
    if (m_finished)
        return;
    if (m_abortHandler)
        std::exchange(m_abortHandler, nullptr)();
    Error error;
    error.kind = Error::Kind::Aborted;
    finish(QueryOutcome::failure(error));
}

void QueryReply::finish(QueryOutcome outcome)
{
    if (m_finished)
        return;
    m_finished = true;
    m_abortHandler = nullptr;
    m_outcome = std::move(outcome);
    QMetaObject::invokeMethod(this, &QueryReply::finished, Qt::QueuedConnection);
}

QStringList MetadataReply::strings() const
{
    QStringList out;
    const QJsonArray array = m_data.toArray();
    out.reserve(array.size());
    for (const QJsonValue &v : array)
        out << v.toString();
    return out;
}

void MetadataReply::succeed(QJsonValue data, QStringList warnings)
{
    if (m_finished)
        return;
    m_ok = true;
    m_data = std::move(data);
    m_warnings = std::move(warnings);
    emitLater();
}

void MetadataReply::fail(Error error)
{
    if (m_finished)
        return;
    m_ok = false;
    m_error = std::move(error);
    emitLater();
}

void MetadataReply::emitLater()
{
    m_finished = true;
    QMetaObject::invokeMethod(this, &MetadataReply::finished, Qt::QueuedConnection);
}

} // namespace promdeck
