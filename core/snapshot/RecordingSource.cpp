#include "snapshot/RecordingSource.h"

#include <QJsonObject>

namespace promdeck {

RecordingSource::RecordingSource(DataSource *inner, FlightRecorder *recorder, QObject *parent)
    : DataSource(parent), m_inner(inner), m_recorder(recorder)
{
}

QueryReply *RecordingSource::queryRange(const RangeQuery &query)
{
    QueryReply *reply = m_inner->queryRange(query);
    // Connected before the caller's own slot, so the recording is done when the panel sees the answer.
    connect(reply, &QueryReply::finished, this, [this, reply, query] {
        if (reply->outcome().ok())
            m_recorder->record(query, *reply->outcome().result);
    });
    return reply;
}

QueryReply *RecordingSource::queryInstant(const InstantQuery &query)
{
    QueryReply *reply = m_inner->queryInstant(query);
    connect(reply, &QueryReply::finished, this, [this, reply, query] {
        if (reply->outcome().ok())
            m_recorder->record(query, *reply->outcome().result);
    });
    return reply;
}

MetadataReply *RecordingSource::labelValues(const QString &label, const QStringList &matchers,
                                            const TimeRange &range)
{
    return m_inner->labelValues(label, matchers, range);
}

MetadataReply *RecordingSource::labelNames(const QStringList &matchers, const TimeRange &range)
{
    return m_inner->labelNames(matchers, range);
}

MetadataReply *RecordingSource::buildInfo()
{
    MetadataReply *reply = m_inner->buildInfo();
    connect(reply, &MetadataReply::finished, this, [this, reply] {
        if (reply->ok())
            m_recorder->setSource(m_inner->description(), reply->data().toObject());
    });
    return reply;
}

} // namespace promdeck
