// What a server knows that an editor completes from: metric names, label names, label values (for
// a selector), and each metric's TYPE and HELP. A MetadataProvider asks a server (the DataSource
// one lives in core/source); a MetadataCache keeps the answers per server for a while, so that
// completing at a keystroke never waits for the network.
#pragma once

#include <QHash>
#include <QObject>
#include <QStringList>
#include <chrono>
#include <functional>
#include <optional>

namespace promdeck::promql {

struct MetadataRequest
{
    enum class Kind : quint8
    {
        MetricNames,    // /api/v1/label/__name__/values
        LabelNames,     // /api/v1/labels, with `selector` as match[] when set
        LabelValues,    // /api/v1/label/<label>/values, with `selector` as match[] when set
        MetricMetadata, // /api/v1/metadata
    };
    Kind kind = Kind::MetricNames;
    QString label;    // LabelValues
    QString selector; // a series selector such as up{job="api"}; empty: all series
    QString key() const;
    friend bool operator==(const MetadataRequest &, const MetadataRequest &) = default;
};

struct MetricMetadata
{
    QString type; // counter, gauge, histogram, summary, ...
    QString help;
    QString unit;
};

struct MetadataAnswer
{
    QStringList values;                     // names or values
    QHash<QString, MetricMetadata> metrics; // MetricMetadata requests
    QString error;                          // empty on success, else the server's or the network's words
    bool ok() const { return error.isEmpty(); }
};

class MetadataProvider
{
public:
    virtual ~MetadataProvider() = default;
    // Names the server: answers are cached per key.
    virtual QString serverKey() const = 0;
    // Answers later from the event loop (never inside the call), and not at all once `context` is
    // destroyed.
    virtual void fetch(const MetadataRequest &request, QObject *context,
                       std::function<void(MetadataAnswer)> done) = 0;
};

class MetadataCache : public QObject
{
    Q_OBJECT
public:
    explicit MetadataCache(MetadataProvider *provider,
                           std::chrono::milliseconds timeToLive = std::chrono::minutes(5),
                           QObject *parent = nullptr);

    // The answer known for the provider's current server, if any. A missing or older answer is
    // asked for (once at a time); an older one is still returned meanwhile.
    std::optional<MetadataAnswer> lookup(const MetadataRequest &request);
    // Drops everything (a new server, or the user asked for fresh data).
    void clear();
    // The clock deciding what is old, in milliseconds (tests set their own).
    void setClock(std::function<qint64()> nowMs) { m_now = std::move(nowMs); }
    std::chrono::milliseconds timeToLive() const { return m_timeToLive; }

signals:
    // An answer arrived: a completion that lacked it can be asked again.
    void updated(const promdeck::promql::MetadataRequest &request);

private:
    struct Entry
    {
        std::optional<MetadataAnswer> answer;
        qint64 fetchedAtMs = 0;
        bool fetching = false;
    };
    MetadataProvider *m_provider;
    std::chrono::milliseconds m_timeToLive;
    std::function<qint64()> m_now;
    QHash<QString, Entry> m_entries; // server key + request key
};

} // namespace promdeck::promql
