// For benchmarks and scripts watching a real window from outside (PROMDECK_REPORT_READY=1): one line on
// stderr when the dashboard on screen has first been painted with data, then one per settled refresh.
// A paint is the moment an operator sees the data, so that is what is reported, not the answers' arrival.
// PROMDECK_REFRESH_ON_SETTLE=N (the soak benchmark): refresh again as soon as a refresh settles, N times,
// so that days of refreshes pass in minutes; then the window stays, refreshing as its settings say.
#pragma once

#include <QElapsedTimer>
#include <QObject>

namespace promdeck {

class MainWindow;

class ReadyReport : public QObject
{
    Q_OBJECT
public:
    // `sinceStart` runs from the top of main(): the line says how long the process took by its own clock.
    ReadyReport(MainWindow *window, QElapsedTimer sinceStart);

    static bool wanted() { return qEnvironmentVariableIntValue("PROMDECK_REPORT_READY") == 1; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    bool hasData() const;
    void refreshAgain();

    MainWindow *m_window;
    QElapsedTimer m_sinceStart;
    bool m_painted = false;
    qint64 m_settles = 0;
    qint64 m_refreshesLeft = 0;
};

} // namespace promdeck
