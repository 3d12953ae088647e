#include "promql/Metadata.h"

#include <QDateTime>

namespace promdeck::promql {

QString MetadataRequest::key() const
{
    return QString::number(int(kind)) + QLatin1Char('\n') + label + QLatin1Char('\n') + selector;
}

MetadataCache::MetadataCache(MetadataProvider *provider, std::chrono::milliseconds timeToLive,
                             QObject *parent)
    : QObject(parent), m_provider(provider), m_timeToLive(timeToLive),
      m_now([] { return QDateTime::currentMSecsSinceEpoch(); })
{
}

std::optional<MetadataAnswer> MetadataCache::lookup(const MetadataRequest &request)
{
    const QString key = m_provider->serverKey() + QLatin1Char('\n') + request.key();
    Entry &entry = m_entries[key];
    const bool old = !entry.answer || m_now() - entry.fetchedAtMs >= m_timeToLive.count();
    if (old && !entry.fetching) {
        entry.fetching = true;
        m_provider->fetch(request, this, [this, key, request](MetadataAnswer answer) {
            Entry &e = m_entries[key];
            e.answer = std::move(answer);
            e.fetchedAtMs = m_now();
            e.fetching = false;
            emit updated(request);
        });
    }
    return entry.answer;
}

void MetadataCache::clear()
{
    // Answers still in flight land in fresh entries; nothing else is kept.
    m_entries.clear();
}

} // namespace promdeck::promql
