// What alert list panels show in the window: the alerts Promdeck's engine holds and the servers'
// own, read from the AlertCenter through the core interface the panels know.
#pragma once

#include "alerting/AlertCenter.h"
#include "panels/PanelSources.h"

#include <QPointer>

namespace promdeck {

class AlertPanelSource : public AlertListSource
{
    Q_OBJECT
public:
    explicit AlertPanelSource(AlertCenter *center, QObject *parent = nullptr);
    // The engine was replaced (new rules, another server): the panels show the new one's alerts.
    void setCenter(AlertCenter *center);
    std::vector<AlertListEntry> alertEntries() const override;

private:
    QPointer<AlertCenter> m_center;
};

} // namespace promdeck
