#include "window/NoServerBanner.h"

#include "panels/Palette.h"
#include "workspace/Workspace.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace promdeck {

NoServerBanner::NoServerBanner(Workspace *workspace, QWidget *parent)
    : QToolBar(tr("No server"), parent), m_workspace(workspace)
{
    setMovable(false);
    auto *banner = new QWidget(this);
    m_banner = banner;
    banner->setAutoFillBackground(true);
    colour();
    auto *layout = new QHBoxLayout(banner);
    m_text = new QLabel(banner);
    m_text->setObjectName(QStringLiteral("bannerText"));
    m_text->setTextFormat(Qt::PlainText);
    m_text->setWordWrap(true);
    auto *retry = new QPushButton(tr("Retry"), banner);
    auto *demo = new QPushButton(tr("Open the demo recording"), banner);
    layout->addWidget(m_text, 1);
    layout->addWidget(retry);
    layout->addWidget(demo);
    addWidget(banner);
    connect(retry, &QPushButton::clicked, m_workspace, [this] {
        m_workspace->fetchServerInfo();
        m_workspace->refresh();
    });
    connect(demo, &QPushButton::clicked, this, &NoServerBanner::demoRequested);
    connect(m_workspace, &Workspace::serverInfoChanged, this, &NoServerBanner::follow);
    connect(m_workspace, &Workspace::sourceChanged, this, &NoServerBanner::follow);
    follow();
}

void NoServerBanner::colour()
{
    QPalette pal = m_banner->palette();
    pal.setColor(QPalette::Window, theme::bannerBackground());
    m_banner->setPalette(pal);
}

void NoServerBanner::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::ApplicationPaletteChange)
        colour();
    QToolBar::changeEvent(event);
}

void NoServerBanner::follow()
{
    const auto &problem = m_workspace->serverProblem();
    const bool show = !m_workspace->isReplay() && problem && problem->isConnectionProblem();
    if (show)
        m_text->setText(tr("No Prometheus answers: %1\nStart the port-forward or the server, or look at a "
                           "recorded incident meanwhile.")
                            .arg(problem->message()));
    setVisible(show);
}

} // namespace promdeck
