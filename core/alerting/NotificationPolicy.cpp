#include "alerting/NotificationPolicy.h"

namespace promdeck {

QString alertKey(const QString &alertname, const AlertLabels &labels)
{
    QStringList parts{alertname};
    for (const auto &[name, value] : labels)
        if (name != u"alertname")
            parts << name + QLatin1Char('=') + value;
    return parts.join(QLatin1Char('\x1f'));
}

bool LabelMatcher::matches(const AlertLabels &labels) const
{
    const auto it = labels.find(name);
    const QString actual = it == labels.end() ? QString() : it->second;
    bool equal;
    if (isRegex) {
        const QRegularExpression re(QStringLiteral("^(?:%1)$").arg(value)); // anchored, as in Alertmanager
        equal = re.isValid() && re.match(actual).hasMatch();
    } else {
        equal = actual == value;
    }
    return equal == isEqual;
}

bool Silence::matches(const QString &alertname, const AlertLabels &labels) const
{
    AlertLabels all = labels;
    all[QStringLiteral("alertname")] = alertname;
    return !matchers.empty() && std::all_of(matchers.begin(), matchers.end(),
                                            [&](const LabelMatcher &m) { return m.matches(all); });
}

bool NotificationPolicy::isQuiet(std::int64_t nowMs, const QString &key, const QString &alertname,
                                 const AlertLabels &labels) const
{
    if (m_snoozedUntil.value(key, 0) > nowMs)
        return true;
    return std::any_of(m_silences.begin(), m_silences.end(),
                       [&](const Silence &s) { return s.activeAt(nowMs) && s.matches(alertname, labels); });
}

std::vector<Notification> NotificationPolicy::decide(std::int64_t nowMs,
                                                     const std::vector<AlertTransition> &transitions,
                                                     const std::vector<AlertTransition> &firing)
{
    std::vector<Notification> out;
    QSet<QString> decided;
    for (const AlertTransition &t : transitions) {
        const QString key = alertKey(t.alertname, t.labels);
        const auto [lastAt, lastKind] = m_lastSent(key);
        if (t.to == AlertState::Firing) {
            // Already told (before a restart, say): not again.
            if (lastAt != 0 && lastKind != Notification::Kind::Resolved)
                continue;
            decided.insert(key);
            if (!isQuiet(nowMs, key, t.alertname, t.labels))
                out.push_back({Notification::Kind::Firing, key, t});
        } else if (t.from == AlertState::Firing && t.to == AlertState::Inactive) {
            m_acknowledged.remove(key);
            m_snoozedUntil.remove(key);
            decided.insert(key);
            // Resolved is news only to someone who was told it fired.
            if (lastAt != 0 && lastKind != Notification::Kind::Resolved)
                out.push_back({Notification::Kind::Resolved, key, t});
        }
    }
    for (const AlertTransition &f : firing) {
        const QString key = alertKey(f.alertname, f.labels);
        if (decided.contains(key) || isAcknowledged(key))
            continue;
        const auto [lastAt, lastKind] = m_lastSent(key);
        if (lastAt == 0 || lastKind == Notification::Kind::Resolved) {
            // Firing but never told (it began while silenced or snoozed): tell once that ends.
            if (!isQuiet(nowMs, key, f.alertname, f.labels))
                out.push_back({Notification::Kind::Firing, key, f});
            continue;
        }
        if (nowMs - lastAt >= m_repeatMs && !isQuiet(nowMs, key, f.alertname, f.labels))
            out.push_back({Notification::Kind::Repeat, key, f});
    }
    return out;
}

} // namespace promdeck
