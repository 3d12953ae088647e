#include "alerting/AlertPanelSource.h"

#include "alerting/NotificationPolicy.h"

namespace promdeck {

namespace {
QString labelText(const AlertLabels &labels)
{
    QStringList parts;
    for (const auto &[name, value] : labels)
        if (name != u"alertname")
            parts << QStringLiteral("%1=\"%2\"").arg(name, value);
    return QLatin1Char('{') + parts.join(QStringLiteral(", ")) + QLatin1Char('}');
}
QString labelValue(const AlertLabels &labels, const QString &name)
{
    const auto it = labels.find(name);
    return it == labels.end() ? QString() : it->second;
}
} // namespace

AlertPanelSource::AlertPanelSource(AlertCenter *center, QObject *parent) : AlertListSource(parent)
{
    setCenter(center);
}

void AlertPanelSource::setCenter(AlertCenter *center)
{
    if (m_center)
        disconnect(m_center, nullptr, this, nullptr);
    m_center = center;
    if (center)
        connect(center, &AlertCenter::changed, this, &AlertListSource::alertsChanged);
    emit alertsChanged();
}

std::vector<AlertListEntry> AlertPanelSource::alertEntries() const
{
    std::vector<AlertListEntry> out;
    if (!m_center)
        return out;
    for (const AlertInstance &a : m_center->active())
        out.push_back({labelValue(a.labels, QStringLiteral("alertname")), alertStateName(a.state),
                       labelValue(a.labels, QStringLiteral("severity")),
                       a.annotations.value(QStringLiteral("summary")), labelText(a.labels),
                       QStringLiteral("Promdeck"), a.activeAtMs, alertDashboardUid(a.labels, a.annotations)});
    for (const ServerAlert &s : m_center->serverAlerts())
        out.push_back({s.alertname, s.state, labelValue(s.labels, QStringLiteral("severity")), s.summary,
                       labelText(s.labels), s.source, s.sinceMs, s.dashboardUid});
    return out;
}

} // namespace promdeck
