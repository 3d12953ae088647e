#include "alerting/NotificationPolicy.h"

#include "dashboard/Dashboard.h"

namespace promdeck {

QString alertKey(const QString &alertname, const AlertLabels &labels)
{
    QStringList parts{alertname};
    for (const auto &[name, value] : labels)
        if (name != u"alertname")
            parts << name + QLatin1Char('=') + value;
    return parts.join(QLatin1Char('\x1f'));
}

QString alertDashboardUid(const AlertLabels &labels, const QMap<QString, QString> &annotations)
{
    QString ref = annotations.value(QStringLiteral("dashboard")).trimmed();
    if (ref.isEmpty()) {
        const auto it = labels.find(QStringLiteral("dashboard"));
        ref = it == labels.end() ? QString() : it->second;
    }
    if (ref.contains(QLatin1Char('/'))) {
        PanelLink link;
        link.url = ref;
        return link.dashboardUid();
    }
    return ref;
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

Result<std::vector<LabelMatcher>> parseMatchers(const QString &text)
{
    static const QRegularExpression one(QStringLiteral(
        "\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*(,|$)"));
    std::vector<LabelMatcher> out;
    QString rest = text.trimmed();
    if (rest.startsWith(QLatin1Char('{')) && rest.endsWith(QLatin1Char('}')))
        rest = rest.mid(1, rest.size() - 2);
    qsizetype pos = 0;
    while (pos < rest.size()) {
        const auto m = one.match(rest, pos, QRegularExpression::NormalMatch,
                                 QRegularExpression::AnchorAtOffsetMatchOption);
        if (!m.hasMatch()) {
            return Error::at(
                {{}, 1, static_cast<int>(pos) + 1},
                QStringLiteral("cannot read a matcher at \"%1\" (write name=\"value\", "
                               "name=~\"regex\", name!=\"value\" or name!~\"regex\", separated by "
                               "commas)")
                    .arg(rest.mid(pos)),
                Error::Kind::Syntax);
        }
        const QString op = m.captured(2);
        QString value = m.captured(3);
        value.replace(QStringLiteral("\\\""), QStringLiteral("\""));
        out.push_back(
            {m.captured(1), value, op.contains(QLatin1Char('~')), !op.startsWith(QLatin1Char('!'))});
        pos = m.capturedEnd();
    }
    if (out.empty())
        return Error::plain(Error::Kind::Invalid, QStringLiteral("a silence needs at least one matcher"));
    return out;
}

QString matchersText(const std::vector<LabelMatcher> &matchers)
{
    QStringList parts;
    for (const LabelMatcher &m : matchers) {
        const QString op = m.isEqual ? (m.isRegex ? QStringLiteral("=~") : QStringLiteral("="))
                                     : (m.isRegex ? QStringLiteral("!~") : QStringLiteral("!="));
        parts << m.name + op + QLatin1Char('"') +
                     QString(m.value).replace(QLatin1Char('"'), QStringLiteral("\\\"")) + QLatin1Char('"');
    }
    return parts.join(QStringLiteral(", "));
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
