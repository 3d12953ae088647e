#include "alerting/AlertCenter.h"

#include "prometheus/PrometheusClient.h"
#include "series/TimeRange.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>

namespace promdeck {

AlertCenter::AlertCenter(DataSource *source, std::vector<RuleGroup> groups, const QString &historyFile,
                         QObject *parent)
    : QObject(parent), m_history(std::make_unique<AlertHistory>(historyFile)),
      m_policy([this](const QString &key) { return m_history->lastNotification(key); },
               [this](const QString &key) { return m_history->isAcknowledged(key); }),
      m_notifier(new DesktopNotifier(this))
{
    m_engine = std::make_unique<AlertEngine>(source, std::move(groups));
    connect(m_engine.get(), &AlertEngine::evaluated, this, &AlertCenter::onEvaluated);
    connect(m_notifier, &DesktopNotifier::acknowledgeRequested, this, &AlertCenter::acknowledge);
}

void AlertCenter::onEvaluated(qint64 timeMs, const std::vector<AlertTransition> &transitions)
{
    m_lastNowMs = timeMs;
    m_history->recordTransitions(transitions);
    std::vector<AlertTransition> firing;
    auto collect = [&](const std::vector<std::unique_ptr<RuleState>> &rules) {
        for (const auto &rule : rules)
            for (const auto &[labels, a] : rule->instances())
                if (a.state == AlertState::Firing) {
                    AlertTransition f;
                    f.timeMs = timeMs;
                    f.alertname = rule->rule().name;
                    f.labels = labels;
                    f.labels.erase(QStringLiteral("alertname"));
                    f.from = f.to = AlertState::Firing;
                    f.value = a.value;
                    f.annotations = a.annotations;
                    firing.push_back(std::move(f));
                }
    };
    collect(m_engine->rules());
    collect(m_engine->metaRules());
    for (const Notification &n : m_policy.decide(timeMs, transitions, firing)) {
        const QString channel = m_notifier->notify(n);
        m_history->recordNotification(timeMs, n, channel);
        ++m_sent;
        emit notified(n, channel);
    }
    m_history->prune(timeMs);
    fetchServerAlerts();
    emit changed();
}

void AlertCenter::setServerSources(PrometheusClient *prometheus, AlertmanagerClient *alertmanager)
{
    m_serverPrometheus = prometheus;
    m_serverAlertmanager = alertmanager;
}

void AlertCenter::fetchServerAlerts()
{
    auto collected = std::make_shared<std::vector<ServerAlert>>();
    auto errors = std::make_shared<QStringList>();
    auto pending = std::make_shared<int>(0);
    auto done = [this, collected, errors, pending] {
        if (--*pending > 0)
            return;
        m_serverAlerts = std::move(*collected);
        m_serverError = errors->join(QStringLiteral("; "));
        emit changed();
    };
    // One server's alert as the dock lists it: labels, summary, since, and the dashboard it names.
    auto serverAlert = [](const QString &source, const QJsonObject &labelsJson, const QString &state,
                          const QJsonObject &annotationsJson, const QString &since) {
        ServerAlert out;
        out.source = source;
        for (auto it = labelsJson.begin(); it != labelsJson.end(); ++it)
            out.labels[it.key()] = it.value().toString();
        if (const auto name = out.labels.find(QStringLiteral("alertname")); name != out.labels.end())
            out.alertname = name->second;
        out.state = state;
        QMap<QString, QString> annotations;
        for (auto it = annotationsJson.begin(); it != annotationsJson.end(); ++it)
            annotations.insert(it.key(), it.value().toString());
        out.summary = annotations.value(QStringLiteral("summary"));
        out.since = since;
        out.sinceMs = parseRfc3339Ms(since).value_or(0);
        out.dashboardUid = alertDashboardUid(out.labels, annotations);
        return out;
    };
    if (m_serverPrometheus) {
        ++*pending;
        MetadataReply *r = m_serverPrometheus->alerts();
        connect(r, &MetadataReply::finished, this, [r, collected, errors, done, serverAlert] {
            r->deleteLater();
            if (!r->ok())
                *errors << QStringLiteral("Prometheus: ") + r->error().message();
            for (const QJsonValue &v : r->data().toObject().value(QLatin1String("alerts")).toArray()) {
                const QJsonObject a = v.toObject();
                collected->push_back(serverAlert(QStringLiteral("Prometheus"),
                                                 a.value(QLatin1String("labels")).toObject(),
                                                 a.value(QLatin1String("state")).toString(),
                                                 a.value(QLatin1String("annotations")).toObject(),
                                                 a.value(QLatin1String("activeAt")).toString()));
            }
            done();
        });
    }
    if (m_serverAlertmanager) {
        ++*pending;
        MetadataReply *r = m_serverAlertmanager->alerts();
        connect(r, &MetadataReply::finished, this, [r, collected, errors, done, serverAlert] {
            r->deleteLater();
            if (!r->ok())
                *errors << QStringLiteral("Alertmanager: ") + r->error().message();
            for (const QJsonValue &v : r->data().toArray()) {
                const QJsonObject a = v.toObject();
                collected->push_back(serverAlert(
                    QStringLiteral("Alertmanager"), a.value(QLatin1String("labels")).toObject(),
                    a.value(QLatin1String("status")).toObject().value(QLatin1String("state")).toString(),
                    a.value(QLatin1String("annotations")).toObject(),
                    a.value(QLatin1String("startsAt")).toString()));
            }
            done();
        });
    }
}

void AlertCenter::acknowledge(const QString &key)
{
    m_policy.acknowledge(key);
    m_history->recordAcknowledgement(m_lastNowMs ? m_lastNowMs : QDateTime::currentMSecsSinceEpoch(), key,
                                     QString::fromLocal8Bit(qgetenv("USER")));
    emit changed();
}

void AlertCenter::snooze(const QString &key, std::int64_t forMs)
{
    m_policy.snooze(key, (m_lastNowMs ? m_lastNowMs : QDateTime::currentMSecsSinceEpoch()) + forMs);
    emit changed();
}

std::vector<std::reference_wrapper<const AlertInstance>> AlertCenter::active() const
{
    auto rank = [](const AlertInstance &a) {
        const auto s = a.labels.find(QStringLiteral("severity"));
        const bool critical = s != a.labels.end() && (s->second == u"critical" || s->second == u"page");
        return (a.state == AlertState::Firing ? 0 : 2) + (critical ? 0 : 1);
    };
    // References, not copies, each ranked once: thousands of instances with their label maps, asked
    // for on every evaluation.
    std::vector<std::pair<int, std::reference_wrapper<const AlertInstance>>> ranked;
    for (const auto *rules : {&m_engine->rules(), &m_engine->metaRules()})
        for (const auto &rule : *rules)
            for (const auto &[labels, a] : rule->instances())
                if (a.state != AlertState::Inactive)
                    ranked.emplace_back(rank(a), std::cref(a));
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto &x, const auto &y) { return x.first < y.first; });
    std::vector<std::reference_wrapper<const AlertInstance>> out;
    out.reserve(ranked.size());
    for (const auto &[r, a] : ranked)
        out.push_back(a);
    return out;
}

AlertState AlertCenter::worstState() const
{
    // Without active()'s copy and sort: the tray asks this on every evaluation.
    AlertState worst = AlertState::Inactive;
    for (const auto *rules : {&m_engine->rules(), &m_engine->metaRules()})
        for (const auto &rule : *rules)
            for (const auto &[labels, a] : rule->instances())
                if (a.state == AlertState::Firing)
                    return AlertState::Firing;
                else if (a.state == AlertState::Pending)
                    worst = AlertState::Pending;
    return worst;
}

} // namespace promdeck
