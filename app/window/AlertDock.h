// The window's alert list, compact: one line per alert name (with the count of its instances, which
// open below it), a filter, firing and pending alerts worst first, with since, value, labels and
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
class QLineEdit;
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
    // Shows only the alerts whose name, labels or summary contain `text` (any case).
    void setFilter(const QString &text);
    int firingCount() const { return m_firing; }
    int pendingCount() const { return m_pending; }

signals:
    // After every refill: how many alerts fire and are pending (for the toolbar's badge).
    void countsChanged(int firing, int pending);
    void silenceRequested(const promdeck::Silence &silence);
    void openRequested(qint64 timeMs, const QString &dashboardUid);

protected:
    // The theme changed: the states' colours are drawn again.
    void changeEvent(QEvent *event) override;

private:
    void refill();
    void refillGroups();
    std::int64_t durationMs() const;
    QPointer<AlertCenter> m_center; // replaced whenever the rules or the server change
    QTreeWidget *m_list;
    QLineEdit *m_filter;
    QTreeWidget *m_groups;
    QLabel *m_banner;
    int m_firing = 0;
    int m_pending = 0;
    QPushButton *m_ack;
    QPushButton *m_snooze;
    QPushButton *m_silence;
    QPushButton *m_open;
    QComboBox *m_duration;
};

} // namespace promdeck
