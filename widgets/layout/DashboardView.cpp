#include "layout/DashboardView.h"

#include "dashboard/GridGeometry.h"
#include "inspect/PanelInspector.h"
#include "panels/BuiltinDashboardList.h"
#include "panels/Palette.h"
#include "panels/PanelFrame.h"
#include "panels/TimeSeriesChart.h"

#include <QApplication>
#include <QClipboard>
#include <QFileDialog>
#include <QMessageBox>
#include <QResizeEvent>
#include <QScrollBar>
#include <QShortcut>
#include <QTimer>

namespace promdeck {

DashboardView::DashboardView(DashboardRefresher *refresher, QWidget *parent)
    : QScrollArea(parent), m_refresher(refresher), m_canvas(new QWidget), m_ageTimer(new QTimer(this)),
      m_resizeSettle(new QTimer(this))
{
    setFrameShape(QFrame::NoFrame);
    setWidgetResizable(false);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_canvas->setAutoFillBackground(true);
    QPalette pal = m_canvas->palette();
    pal.setColor(QPalette::Window, theme::background());
    m_canvas->setPalette(pal);
    setWidget(m_canvas);

    for (const promdeck::Panel &p : refresher->dashboard().panels) {
        auto *frame = new PanelFrame(p, m_canvas);
        frame->hide();
        m_frames[p.id] = frame;
        connect(frame, &PanelFrame::timeRangeSelected, this, &DashboardView::timeRangeSelected);
        connect(frame, &PanelFrame::rowToggled, this, &DashboardView::onRowToggled);
        connect(frame, &PanelFrame::dashboardLinkActivated, this, &DashboardView::dashboardLinkActivated);
        connect(frame, &PanelFrame::dashboardOpenRequested, this, &DashboardView::dashboardOpenRequested);
        connect(frame, &PanelFrame::actionRequested, this,
                [this, id = p.id](PanelAction action) { onPanelAction(id, action); });
        connect(frame, &PanelFrame::hovered, this, [this, id = p.id] { m_hoveredPanel = id; });
        if (TimeSeriesChart *chart = frame->chart()) {
            connect(chart, &TimeSeriesChart::hoverTimeChanged, this,
                    [this, id = p.id](std::int64_t timeMs) { shareHover(id, timeMs); });
            connect(chart, &TimeSeriesChart::hoverEnded, this,
                    [this, id = p.id] { shareHover(id, std::nullopt); });
        }
    }
    connect(refresher, &DashboardRefresher::annotationsChanged, this, &DashboardView::showAnnotations);
    showAnnotations();
    // Grafana's keys, on the panel under the mouse (or the focused one). A text field keeps its letters.
    const auto key = [this](const QKeySequence &keys, auto handler) {
        auto *shortcut = new QShortcut(keys, this, this, handler);
        shortcut->setContext(Qt::WindowShortcut);
        return shortcut;
    };
    key(QKeySequence(Qt::Key_V), [this] {
        if (const int id = currentPanel())
            viewPanel(m_viewedPanel == id ? 0 : id);
    });
    key(QKeySequence(Qt::Key_I), [this] {
        if (const int id = currentPanel())
            inspectPanel(id);
    });
    key(QKeySequence(Qt::Key_E), [this] {
        if (const int id = currentPanel(); id && !frame(id)->panel().isRow())
            emit exploreRequested(id);
    });
    // Only while a panel is viewed alone: the window's own Esc (leaving kiosk mode) is not shadowed.
    m_leaveView = key(QKeySequence(Qt::Key_Escape), [this] { viewPanel(0); });
    m_leaveView->setEnabled(false);
    // The dashboard list shows the built-in dashboards until the app hands over its own list.
    setPanelSources(nullptr, new BuiltinDashboardList(this));
    connect(refresher, &DashboardRefresher::panelChanged, this, &DashboardView::onPanelChanged);
    // Every time on the panels is labelled again in the new zone, from the answers already held.
    connect(refresher, &DashboardRefresher::timeZoneChanged, this, &DashboardView::showCurrentData);

    // Ages on stale panels keep counting while nothing arrives: woken when a shown age would read
    // differently, and not at all while no panel is stale (an idle window uses no CPU).
    m_ageTimer->setSingleShot(true);
    connect(m_ageTimer, &QTimer::timeout, this, &DashboardView::updateAges);

    m_resizeSettle->setSingleShot(true);
    m_resizeSettle->setInterval(300);
    connect(verticalScrollBar(), &QScrollBar::valueChanged, this, &DashboardView::reportPanelsInView);
    connect(m_resizeSettle, &QTimer::timeout, this, [this] {
        if (!m_refresher)
            return;
        QList<int> wanting;
        for (const auto &[id, frame] : m_frames) {
            if (frame->isVisible() && frame->panel().hasQueries() && m_refresher->widthChangedSinceQuery(id))
                wanting << id;
        }
        if (!wanting.isEmpty())
            emit panelsNeedData(wanting);
    });
}

void DashboardView::setPanelSources(AlertListSource *alerts, DashboardListSource *dashboards)
{
    for (const auto &[id, frame] : m_frames)
        frame->setSources(alerts, dashboards);
}

PanelFrame *DashboardView::frame(int panelId) const
{
    const auto it = m_frames.find(panelId);
    return it == m_frames.end() ? nullptr : it->second;
}

std::vector<PanelFrame *> DashboardView::frames() const
{
    std::vector<PanelFrame *> out;
    for (const auto &[id, frame] : m_frames)
        out.push_back(frame);
    return out;
}

void DashboardView::layoutFor(int widthPx)
{
    if (!m_refresher)
        return;
    m_laidOutWidth = widthPx;
    if (PanelFrame *viewed = frame(m_viewedPanel)) {
        for (auto &[id, f] : m_frames)
            f->setVisible(f == viewed);
        const QRect whole(0, 0, widthPx, std::max(200, viewport()->height()));
        viewed->setGeometry(whole);
        m_refresher->setPanelWidth(m_viewedPanel, whole.width());
        m_contentHeight = whole.height();
        m_canvas->resize(whole.size());
        m_resizeSettle->start();
        reportPanelsInView();
        return;
    }
    const auto placed = GridGeometry::place(m_refresher->dashboard(), widthPx, m_refresher->rowsToggled());
    for (auto &[id, frame] : m_frames)
        frame->hide();
    for (const PlacedPanel &p : placed) {
        PanelFrame *f = frame(p.panel->id);
        if (!f)
            continue;
        f->setGeometry(p.rect);
        f->show();
        m_refresher->setPanelWidth(p.panel->id, p.rect.width());
    }
    m_contentHeight = GridGeometry::contentHeight(placed);
    m_canvas->resize(widthPx, m_contentHeight);
    m_resizeSettle->start();
    reportPanelsInView();
}

QSet<int> DashboardView::panelsInView() const
{
    if (m_viewedPanel)
        return {m_viewedPanel};
    // The viewport and a screen above and below it: a panel is asked before it scrolls in.
    const int screen = viewport()->height();
    const QRect near(0, verticalScrollBar()->value() - screen, m_canvas->width(), 3 * screen);
    QSet<int> in;
    for (const auto &[id, frame] : m_frames)
        if (!frame->isHidden() && frame->geometry().intersects(near))
            in.insert(id);
    return in;
}

void DashboardView::reportPanelsInView()
{
    if (!m_refresher)
        return;
    QSet<int> in = panelsInView();
    if (m_reportedInView == in)
        return;
    m_reportedInView = in;
    emit panelsInViewChanged(in);
}

void DashboardView::resizeEvent(QResizeEvent *event)
{
    QScrollArea::resizeEvent(event);
    // The width without a vertical scroll bar decides; a bar appearing must not re-flow the grid.
    const int width = viewport()->width();
    if (width != m_laidOutWidth || m_viewedPanel)
        layoutFor(width);
    else
        reportPanelsInView(); // taller or shorter: more or fewer panels in view
}

void DashboardView::viewPanel(int panelId)
{
    const PanelFrame *f = frame(panelId);
    const int viewed = f && !f->panel().isRow() ? panelId : 0;
    if (viewed == m_viewedPanel)
        return;
    m_viewedPanel = viewed;
    m_leaveView->setEnabled(viewed != 0);
    layoutFor(viewport()->width());
    if (viewed)
        frame(viewed)->setFocus();
    emit viewedPanelChanged(viewed);
}

int DashboardView::currentPanel() const
{
    if (m_viewedPanel)
        return m_viewedPanel;
    if (const PanelFrame *f = frame(m_hoveredPanel); f && f->isVisible() && f->underMouse())
        return m_hoveredPanel;
    for (QWidget *w = QApplication::focusWidget(); w; w = w->parentWidget())
        if (const auto *f = qobject_cast<PanelFrame *>(w); f && !f->panel().isRow())
            return f->panelId();
    return 0;
}

void DashboardView::inspectPanel(int panelId)
{
    const PanelFrame *f = frame(panelId);
    if (!f || !m_refresher || f->panel().isRow())
        return;
    auto *inspector =
        new PanelInspector(f->panel(), m_refresher->panelData(panelId), m_refresher->timeZone(), this);
    inspector->setAttribute(Qt::WA_DeleteOnClose);
    inspector->show();
}

QImage DashboardView::panelImage(int panelId) const
{
    PanelFrame *f = frame(panelId);
    return f ? f->grab().toImage() : QImage();
}

void DashboardView::savePanelImage(int panelId)
{
    const PanelFrame *f = frame(panelId);
    if (!f)
        return;
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Save image"),
        (f->panel().title.isEmpty() ? QStringLiteral("panel") : f->panel().title) + QStringLiteral(".png"),
        tr("PNG images (*.png)"), nullptr, QFileDialog::DontUseNativeDialog);
    if (!path.isEmpty() && !panelImage(panelId).save(path, "PNG"))
        QMessageBox::warning(this, tr("Cannot save the image"), tr("%1 could not be written.").arg(path));
}

void DashboardView::onPanelAction(int panelId, PanelAction action)
{
    switch (action) {
    case PanelAction::View:
        viewPanel(m_viewedPanel == panelId ? 0 : panelId);
        break;
    case PanelAction::Inspect:
        inspectPanel(panelId);
        break;
    case PanelAction::Explore:
        emit exploreRequested(panelId);
        break;
    case PanelAction::CopyImage:
        QApplication::clipboard()->setImage(panelImage(panelId));
        break;
    case PanelAction::SaveImage:
        savePanelImage(panelId);
        break;
    }
}

void DashboardView::showCurrentData()
{
    if (!m_refresher)
        return;
    for (const auto &[id, frame] : m_frames) {
        if (frame->panel().isRow())
            frame->setRowExpanded(frame->panel().collapsed == m_refresher->rowsToggled().contains(id));
        else
            onPanelChanged(id);
    }
}

void DashboardView::onPanelChanged(int panelId)
{
    if (PanelFrame *f = frame(panelId)) {
        f->setTitle(substituteVariablesForDisplay(f->panel().title, m_refresher->variables()));
        f->showData(m_refresher->panelData(panelId), m_refresher->variables(), currentTimeMs(),
                    m_refresher->timeZone());
        if (f->shownAgeSinceMs())
            updateAges();
    }
}

void DashboardView::updateAges()
{
    if (!m_refresher)
        return;
    const auto now = currentTimeMs();
    std::optional<std::int64_t> next;
    for (auto &[id, frame] : m_frames) {
        const std::optional<std::int64_t> since = frame->shownAgeSinceMs();
        if (!since)
            continue;
        frame->updateAge(now);
        const std::int64_t wait = msUntilAgeTextChanges(now - *since);
        next = next ? std::min(*next, wait) : wait;
    }
    if (next)
        m_ageTimer->start(static_cast<int>(std::min<std::int64_t>(*next, 3'600'000)));
    else
        m_ageTimer->stop();
}

void DashboardView::showAnnotations()
{
    if (!m_refresher)
        return;
    std::vector<ChartAnnotation> shown;
    const std::vector<Annotation> &written = m_refresher->dashboard().annotations;
    const std::vector<AnnotationData> &data = m_refresher->annotations();
    for (size_t i = 0; i < data.size() && i < written.size(); ++i) {
        if (!data[i].enabled)
            continue;
        const QColor color = grafanaColor(written[i].iconColor);
        for (const AnnotationEvent &event : data[i].events)
            shown.push_back({written[i].name, color, event});
    }
    for (const auto &[id, frame] : m_frames)
        if (TimeSeriesChart *chart = frame->chart())
            chart->setAnnotations(shown);
}

void DashboardView::shareHover(int panelId, std::optional<std::int64_t> timeMs)
{
    if (!m_refresher || m_refresher->dashboard().sharedTooltip == SharedTooltip::None)
        return;
    const bool withTooltip = m_refresher->dashboard().sharedTooltip == SharedTooltip::Tooltip;
    for (const auto &[id, frame] : m_frames)
        if (TimeSeriesChart *chart = frame->chart(); chart && id != panelId)
            chart->showSharedTime(timeMs, withTooltip);
}

void DashboardView::onRowToggled(int rowId)
{
    if (!m_refresher)
        return;
    m_refresher->toggleRow(rowId);
    if (const promdeck::Panel *row = m_refresher->dashboard().panel(rowId); row && frame(rowId))
        frame(rowId)->setRowExpanded(row->collapsed == m_refresher->rowsToggled().contains(rowId));
    // The layout tells a lazy workspace what came into view, and it asks those; what still wants
    // data after that is asked here (all the row's panels when nothing is lazy).
    layoutFor(m_laidOutWidth > 0 ? m_laidOutWidth : viewport()->width());
    if (const QList<int> wanting = m_refresher->panelsWantingData(); !wanting.isEmpty())
        emit panelsNeedData(wanting);
}

} // namespace promdeck
