// The window's alert list: firing and pending alerts, worst first, with since, value, labels and
// summary; acknowledge (stays listed, no repeats until it resolves), snooze or silence by its labels
// for a chosen duration (locally, and in Alertmanager when the profile names one), and open the
// dashboard at the time it began. Below, how each rule group runs: its interval, when it was last
// evaluated, how long that took and how many of its instants it missed being too slow.
#pragma once

#include "alerting/AlertCenter.h"

#include <QPointer>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QTreeWidget;

namespace promdeck {

class AlertDock : public QWidget
{
    Q_OBJECT
public:
    explicit AlertDock(QWidget *parent = nullptr);
    void setCenter(AlertCenter *center);
    QTreeWidget *list() const { return m_list; }
    QTreeWidget *groupList() const { return m_groups; }
    // The selected alert's key, or the first's.
    QString currentKey() const;
    void showBanner(const QString &text);
    // A silence from matchers typed as in Alertmanager; false (and the reason shown) when unreadable.
    bool silenceByMatchers(const QString &text, std::int64_t durationMs, QString *error = nullptr);

signals:
    void silenceRequested(const promdeck::Silence &silence);
    void openRequested(qint64 timeMs, const QString &dashboardUid);

private:
    void refill();
    void refillGroups();
    std::int64_t durationMs() const;
    QPointer<AlertCenter> m_center; // replaced whenever the rules or the server change
    QTreeWidget *m_list;
    QTreeWidget *m_groups;
    QLabel *m_banner;
    QPushButton *m_ack;
    QPushButton *m_snooze;
    QPushButton *m_silence;
    QPushButton *m_open;
    QComboBox *m_duration;
};

} // namespace promdeck
