// Which alert changes reach the operator, as Alertmanager decides for a team, applied to one desktop:
// pending never notifies; pending->firing and firing->resolved do, once; a still-firing alert again
// only after the repeat interval (4 h by default) and never once acknowledged; silences (label
// matchers with an end) and snoozes keep quiet until they end. What was already sent is asked of a
// history, so a restart repeats nothing. Pure: no D-Bus, no SQL, no clock of its own.
#pragma once

#include "alerting/RuleState.h"
#include "base/Result.h"

#include <QRegularExpression>
#include <functional>

namespace promdeck {

// Identifies one alert instance across evaluations and restarts: alertname and labels.
QString alertKey(const QString &alertname, const AlertLabels &labels);
// The dashboard an alert's "Open" shows, by uid: the `dashboard` annotation (a Grafana link
// `/d/<uid>/...`, a full URL with that path, or a bare uid), else the `dashboard` label panel alerts
// carry. Empty when the alert names none.
QString alertDashboardUid(const AlertLabels &labels, const QMap<QString, QString> &annotations);

struct LabelMatcher
{
    QString name;
    QString value;
    bool isRegex = false;
    bool isEqual = true; // false: != or !~
    bool matches(const AlertLabels &labels) const;
};

// Matchers as Alertmanager and PromQL write them: `alertname="X", team=~"de.*", env!="dev"`.
// Returns nullopt (with the reason) on anything else.
Result<std::vector<LabelMatcher>> parseMatchers(const QString &text);
QString matchersText(const std::vector<LabelMatcher> &matchers);

struct Silence
{
    QString id;
    std::vector<LabelMatcher> matchers; // all must match (alertname is a label here)
    std::int64_t startsMs = 0;
    std::int64_t endsMs = 0;
    QString comment;
    bool activeAt(std::int64_t t) const { return t >= startsMs && t < endsMs; }
    bool matches(const QString &alertname, const AlertLabels &labels) const;
};

struct Notification
{
    enum class Kind
    {
        Firing,
        Resolved,
        Repeat, // still firing after the repeat interval
    };
    Kind kind = Kind::Firing;
    QString key;
    AlertTransition alert; // the change (or, for a repeat, the current state)
};

class NotificationPolicy
{
public:
    // When each alert was last notified (0: never), and of what kind; backed by the history.
    using LastSent = std::function<std::pair<std::int64_t, Notification::Kind>(const QString &key)>;

    // Whether an alert was acknowledged since it last fired (the history, across restarts).
    using AcknowledgedSince = std::function<bool(const QString &key)>;
    explicit NotificationPolicy(LastSent lastSent, AcknowledgedSince acknowledged = {})
        : m_lastSent(std::move(lastSent)), m_acknowledgedBefore(std::move(acknowledged))
    {
    }

    void setRepeatIntervalMs(std::int64_t ms) { m_repeatMs = ms; }
    std::int64_t repeatIntervalMs() const { return m_repeatMs; }
    void setSilences(std::vector<Silence> silences) { m_silences = std::move(silences); }
    const std::vector<Silence> &silences() const { return m_silences; }
    // Acknowledged: stays listed, no repeat until it resolves (the resolution still notifies).
    void acknowledge(const QString &key) { m_acknowledged.insert(key); }
    bool isAcknowledged(const QString &key) const
    {
        return m_acknowledged.contains(key) || (m_acknowledgedBefore && m_acknowledgedBefore(key));
    }
    void snooze(const QString &key, std::int64_t untilMs) { m_snoozedUntil[key] = untilMs; }

    // What to send for this evaluation's transitions; `firing` is every instance firing now (for
    // repeats).
    std::vector<Notification> decide(std::int64_t nowMs, const std::vector<AlertTransition> &transitions,
                                     const std::vector<AlertTransition> &firing);
    bool isQuiet(std::int64_t nowMs, const QString &key, const QString &alertname,
                 const AlertLabels &labels) const;

private:
    LastSent m_lastSent;
    AcknowledgedSince m_acknowledgedBefore;
    std::int64_t m_repeatMs = 4 * 3'600'000;
    std::vector<Silence> m_silences;
    QSet<QString> m_acknowledged;
    QHash<QString, std::int64_t> m_snoozedUntil;
};

} // namespace promdeck
