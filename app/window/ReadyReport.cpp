#include "window/ReadyReport.h"

#include "query/DashboardRefresher.h"
#include "window/MainWindow.h"
#include "workspace/Workspace.h"

#include <QApplication>
#include <QEvent>
#include <QTimer>
#include <QWidget>
#include <cstdio>

namespace promdeck {

ReadyReport::ReadyReport(MainWindow *window, QElapsedTimer sinceStart)
    : QObject(window), m_window(window), m_sinceStart(sinceStart),
      m_refreshesLeft(qEnvironmentVariableIntValue("PROMDECK_REFRESH_ON_SETTLE"))
{
    qApp->installEventFilter(this);
    connect(window->workspace(), &Workspace::settled, this, [this] {
        if (!m_painted)
            return;
        std::fprintf(stderr, "promdeck: ready: refresh %lld settled\n", static_cast<long long>(++m_settles));
        std::fflush(stderr);
        refreshAgain();
    });
}

void ReadyReport::refreshAgain()
{
    if (m_refreshesLeft <= 0)
        return;
    --m_refreshesLeft;
    QTimer::singleShot(0, m_window->workspace(), &Workspace::refresh);
}

bool ReadyReport::hasData() const
{
    const DashboardRefresher *refresher = m_window->workspace()->refresher();
    return refresher && refresher->isSettled() && refresher->lastGoodRefreshMs() > 0;
}

bool ReadyReport::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() != QEvent::Paint || m_painted || !hasData())
        return false;
    const auto *widget = qobject_cast<const QWidget *>(watched);
    if (!widget || widget->window() != m_window)
        return false;
    // Every answer is in: this paint draws it. Reported once it is done (the next turn of the loop).
    m_painted = true;
    qApp->removeEventFilter(this);
    QTimer::singleShot(0, this, [this] {
        std::fprintf(stderr, "promdeck: ready: painted with data %lld ms after start\n",
                     static_cast<long long>(m_sinceStart.elapsed()));
        std::fflush(stderr);
        refreshAgain();
    });
    return false;
}

} // namespace promdeck
