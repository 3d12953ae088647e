#include "panels/PanelFrame.h"

#include "panels/BarsView.h"
#include "panels/GaugeView.h"
#include "panels/HeatmapView.h"
#include "panels/ListPanelViews.h"
#include "panels/Palette.h"
#include "panels/PieChartView.h"
#include "panels/PlainText.h"
#include "panels/SeriesLegend.h"
#include "panels/StatView.h"
#include "panels/StateTimelineView.h"
#include "panels/TextPanelView.h"
#include "panels/TimeSeriesChart.h"
#include "table/TablePanelView.h"

#include <QContextMenuEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QMouseEvent>
#include <QStackedWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace promdeck {

QString formatAge(std::int64_t ms)
{
    const std::int64_t s = std::max<std::int64_t>(0, ms / 1000);
    if (s < 60)
        return QStringLiteral("%1s").arg(s);
    if (s < 3600)
        return QStringLiteral("%1m").arg(s / 60);
    if (s < 86400)
        return QStringLiteral("%1h %2m").arg(s / 3600).arg((s % 3600) / 60);
    return QStringLiteral("%1d %2h").arg(s / 86400).arg((s % 86400) / 3600);
}

std::int64_t msUntilAgeTextChanges(std::int64_t ms)
{
    ms = std::max<std::int64_t>(0, ms);
    const std::int64_t unit = ms < 60'000 ? 1000 : ms < 86'400'000 ? 60'000 : 3'600'000;
    return unit - ms % unit;
}

PanelFrame::PanelFrame(const promdeck::Panel &panel, QWidget *parent) : QFrame(parent), m_panel(panel)
{
    setAutoFillBackground(true);
    QPalette pal = palette();
    pal.setColor(QPalette::Window, panel.isRow() ? theme::background() : theme::panelBackground());
    setPalette(pal);
    if (!panel.isRow()) {
        setFrameShape(QFrame::Box);
        setStyleSheet(QStringLiteral("promdeck--PanelFrame { border: 1px solid %1; border-radius: 3px; }")
                          .arg(theme::panelBorder().name()));
    }

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(panel.isRow() ? 2 : 6, panel.isRow() ? 0 : 4, 6, panel.isRow() ? 0 : 4);
    layout->setSpacing(2);
    auto *header = new QHBoxLayout;
    header->setSpacing(6);
    m_title = new QLabel(this);
    QFont titleFont = font();
    titleFont.setBold(true);
    if (panel.isRow())
        titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    m_title->setFont(titleFont);
    // Its own colour, as the state label has: a frame with a style sheet does not pass the dashboard's
    // dark palette on reliably, and black on the panel's grey is unreadable.
    QPalette titlePalette = m_title->palette();
    titlePalette.setColor(QPalette::WindowText, theme::text());
    m_title->setPalette(titlePalette);
    QString title = panel.title.isEmpty() && !panel.isRow() ? QString() : panel.title;
    m_title->setText(title);
    m_title->setToolTip(plainToolTip(panel.description));
    m_title->setTextFormat(Qt::PlainText);
    m_state = new QLabel(this);
    m_state->setTextFormat(Qt::PlainText);
    // Stat panels that link to a dashboard say so and open it on click (the overview's stats).
    if (panel.kind == PanelKind::Stat && !linkedDashboardUid().isEmpty()) {
        setCursor(Qt::PointingHandCursor);
        for (const PanelLink &link : panel.links)
            if (!link.dashboardUid().isEmpty()) {
                setToolTip(link.title.isEmpty() ? tr("Open %1").arg(link.dashboardUid()) : link.title);
                break;
            }
        title += QStringLiteral("  ›");
        m_title->setText(title);
    }
    header->addWidget(m_title, 1);
    // The panel's own time range, as Grafana shows it in the header ("Last 1 hour timeshift -1d").
    m_timeInfo = new QLabel(this);
    m_timeInfo->setTextFormat(Qt::PlainText);
    QPalette infoPalette = m_timeInfo->palette();
    infoPalette.setColor(QPalette::WindowText, theme::mutedText());
    m_timeInfo->setPalette(infoPalette);
    m_timeInfo->hide();
    header->addWidget(m_timeInfo, 0, Qt::AlignRight);
    header->addWidget(m_state, 0, Qt::AlignRight);
    if (panel.isRow())
        setAccessibleName(tr("Row: %1").arg(panel.title)); // a click expands or collapses it
    if (!panel.isRow()) {
        setFocusPolicy(Qt::StrongFocus); // reachable by Tab; `v` and `i` then act on it
        setAccessibleName(tr("Panel: %1").arg(panel.title));
        m_menuButton = new QToolButton(this);
        m_menuButton->setText(QStringLiteral("⋮"));
        m_menuButton->setAutoRaise(true);
        m_menuButton->setAccessibleName(tr("Panel menu: %1").arg(panel.title));
        m_menuButton->setToolTip(tr("Panel menu (View v, Inspect i)"));
        m_menuButton->setFocusPolicy(Qt::TabFocus);
        connect(m_menuButton, &QToolButton::clicked, this, [this] {
            QMenu *menu = buildMenu();
            menu->popup(m_menuButton->mapToGlobal(QPoint(0, m_menuButton->height())));
        });
        header->addWidget(m_menuButton, 0, Qt::AlignRight);
    }
    layout->addLayout(header);
    if (panel.isRow()) {
        setRowExpanded(!panel.collapsed);
        setCursor(Qt::PointingHandCursor);
        setToolTip(tr("Click to expand or collapse this row"));
        return;
    }

    m_body = new QStackedWidget(this);
    m_message = new QLabel(m_body);
    m_message->setWordWrap(true);
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setTextFormat(Qt::PlainText);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setMargin(8);
    m_body->addWidget(m_message);

    if (panel.readsOtherDatasource()) {
        // Its queries are another language: nothing was sent, and the panel says why.
        auto *other = new QLabel(m_body);
        other->setAlignment(Qt::AlignCenter);
        other->setWordWrap(true);
        other->setTextFormat(Qt::PlainText);
        other->setText(tr("Needs a %1 data source, which Promdeck does not read.")
                           .arg(datasourceDisplayName(panel.unsupportedDatasource())));
        QPalette muted = other->palette();
        muted.setColor(QPalette::WindowText, theme::mutedText());
        other->setPalette(muted);
        m_content = other;
        m_body->addWidget(m_content);
        layout->addWidget(m_body, 1);
        m_body->setCurrentWidget(m_content);
        return;
    }

    switch (panel.kind) {
    case PanelKind::TimeSeries: {
        // The chart and its legend, below it or to its right as the panel says.
        auto *body = new QWidget(m_body);
        const bool right = panel.legend.placement == LegendOptions::Placement::Right;
        auto *box = new QBoxLayout(right ? QBoxLayout::LeftToRight : QBoxLayout::TopToBottom, body);
        box->setContentsMargins(0, 0, 0, 0);
        box->setSpacing(2);
        m_chart = new TimeSeriesChart(body);
        m_chart->setAccessibleName(tr("Chart of %1").arg(panel.title));
        m_chart->setTooltipOptions(panel.tooltip);
        box->addWidget(m_chart, 1);
        if (panel.legend.show) {
            m_legend = new SeriesLegend(m_chart, panel.legend, body);
            m_legend->setAccessibleName(tr("Legend of %1").arg(panel.title));
            box->addWidget(m_legend);
            if (right && !panel.legend.width)
                m_legend->setMaximumWidth(220);
        }
        m_content = body;
        connect(m_chart, &TimeSeriesChart::timeRangeSelected, this, &PanelFrame::timeRangeSelected);
        break;
    }
    case PanelKind::Stat:
        m_stat = new StatView(m_body);
        m_content = m_stat;
        break;
    case PanelKind::Gauge:
    case PanelKind::BarGauge:
        m_gauge = new GaugeView(
            panel.kind == PanelKind::Gauge ? GaugeView::Style::Gauge : GaugeView::Style::BarGauge, m_body);
        m_content = m_gauge;
        break;
    case PanelKind::PieChart:
        m_pie = new PieChartView(m_body);
        m_content = m_pie;
        break;
    case PanelKind::Heatmap:
        m_heatmap = new HeatmapView(m_body);
        m_content = m_heatmap;
        break;
    case PanelKind::StateTimeline:
    case PanelKind::StatusHistory:
        m_timeline =
            new StateTimelineView(panel.kind == PanelKind::StateTimeline ? StateTimelineView::Style::Timeline
                                                                         : StateTimelineView::Style::History,
                                  m_body);
        m_content = m_timeline;
        break;
    case PanelKind::BarChart:
    case PanelKind::Histogram:
        m_bars = new BarsView(m_body);
        m_content = m_bars;
        break;
    case PanelKind::AlertList:
        m_alertList = new AlertListView(panel, m_body);
        m_content = m_alertList;
        connect(m_alertList, &AlertListView::dashboardLinkActivated, this,
                &PanelFrame::dashboardLinkActivated);
        break;
    case PanelKind::DashList:
        m_dashList = new DashboardListView(panel, m_body);
        m_content = m_dashList;
        connect(m_dashList, &DashboardListView::dashboardOpenRequested, this,
                &PanelFrame::dashboardOpenRequested);
        break;
    case PanelKind::Table:
        m_table = new TablePanelView(m_body);
        m_content = m_table;
        connect(m_table, &TablePanelView::dashboardLinkActivated, this, &PanelFrame::dashboardLinkActivated);
        break;
    case PanelKind::Text:
        m_text = new TextPanelView(m_body);
        m_text->setPanel(panel, panel.text);
        connect(m_text, &TextPanelView::dashboardLinkActivated, this, &PanelFrame::dashboardLinkActivated);
        m_content = m_text;
        break;
    default: {
        auto *placeholder = new QLabel(m_body);
        placeholder->setAlignment(Qt::AlignCenter);
        placeholder->setWordWrap(true);
        placeholder->setTextFormat(Qt::PlainText);
        placeholder->setText(
            tr("Panel type \"%1\" is not drawn by Promdeck.\n%2")
                .arg(panel.type.isEmpty() ? tr("(none)") : panel.type,
                     panel.targets.empty() ? QString() : tr("Its queries run; see `promdeck data`.")));
        QPalette muted = placeholder->palette();
        muted.setColor(QPalette::WindowText, theme::mutedText());
        placeholder->setPalette(muted);
        m_content = placeholder;
        break;
    }
    }
    m_body->addWidget(m_content);
    layout->addWidget(m_body, 1);
    if (!drawsQueries())
        m_body->setCurrentWidget(m_content);
    else if (!panel.hasQueries())
        showMessage(tr("No queries"), theme::mutedText());
    else
        showMessage(tr("Loading…"), theme::mutedText());
}

bool PanelFrame::drawsQueries() const
{
    switch (m_panel.kind) {
    case PanelKind::Text:
    case PanelKind::AlertList:
    case PanelKind::DashList:
    case PanelKind::Unsupported:
    case PanelKind::Row:
        return false;
    default:
        return true;
    }
}

void PanelFrame::setSources(AlertListSource *alerts, DashboardListSource *dashboards)
{
    if (m_alertList)
        m_alertList->setSource(alerts);
    if (m_dashList)
        m_dashList->setSource(dashboards);
}

void PanelFrame::setTitle(const QString &title)
{
    m_shownTitle = title;
    if (m_panel.isRow())
        setRowExpanded(m_rowExpanded);
    else // a linked stat keeps its "opens a dashboard" mark through variable substitution
        m_title->setText(linkedDashboardUid().isEmpty() || m_panel.kind != PanelKind::Stat
                             ? title
                             : title + QStringLiteral("  ›"));
}

void PanelFrame::setRowExpanded(bool expanded)
{
    m_rowExpanded = expanded;
    m_title->setText((expanded ? QStringLiteral("▾ ") : QStringLiteral("▸ ")) +
                     (m_shownTitle.isNull() ? m_panel.title : m_shownTitle));
}

void PanelFrame::showMessage(const QString &text, const QColor &color)
{
    if (!m_message)
        return;
    QPalette pal = m_message->palette();
    pal.setColor(QPalette::WindowText, color);
    m_message->setPalette(pal);
    m_message->setText(text);
    m_body->setCurrentWidget(m_message);
}

bool PanelFrame::isShowingMessage() const
{
    return m_body && m_body->currentWidget() == m_message;
}

QString PanelFrame::timeInfoText() const
{
    return m_timeInfo ? m_timeInfo->text() : QString();
}

QString PanelFrame::messageText() const
{
    return isShowingMessage() ? m_message->text() : QString();
}

QString PanelFrame::stateText() const
{
    return m_state->text();
}

void PanelFrame::showData(const PanelData &shown, const VariableValues &variables, std::int64_t nowMs,
                          const QTimeZone &zone)
{
    if (m_panel.isRow() || !m_body || !drawsQueries() || m_panel.readsOtherDatasource())
        return;
    m_shownState = shown.state;
    m_lastGoodMs = shown.lastGoodMs;
    m_timeInfo->setText(shown.timeInfo);
    m_timeInfo->setVisible(!shown.timeInfo.isEmpty());
    QString tooltip;
    if (!shown.warnings.isEmpty())
        tooltip = tr("Warnings from the server:\n") + shown.warnings.join(QLatin1Char('\n'));

    switch (shown.state) {
    case PanelState::Loading:
        showMessage(tr("Loading…"), theme::mutedText());
        break;
    case PanelState::Error:
        showMessage(shown.error, theme::error());
        break;
    case PanelState::NoData:
        showMessage(tr("No data"), theme::mutedText());
        break;
    case PanelState::Ok:
    case PanelState::Stale: {
        std::vector<DisplaySeries> series = displaySeriesFor(m_panel, shown, variables);
        std::int64_t step = 0;
        for (const QueryData &q : shown.queries)
            step = std::max(step, q.query.stepMs);
        if (m_chart)
            m_chart->setTimeZone(zone);
        else if (m_table)
            m_table->setTimeZone(zone);
        else if (m_heatmap)
            m_heatmap->setTimeZone(zone);
        else if (m_timeline)
            m_timeline->setTimeZone(zone);
        if (m_chart)
            m_chart->setData(std::move(series), shown.range, step);
        else if (m_stat)
            m_stat->setData(std::move(series), m_panel, shown.range);
        else if (m_table)
            m_table->setData(m_panel, shown, variables);
        else if (m_gauge)
            m_gauge->setData(series, m_panel);
        else if (m_pie)
            m_pie->setData(series, m_panel);
        else if (m_heatmap)
            m_heatmap->setData(heatmapDataOf(m_panel, shown), m_panel, shown.range);
        else if (m_timeline)
            m_timeline->setData(series, m_panel, shown.range);
        else if (m_bars && m_panel.kind == PanelKind::BarChart)
            m_bars->setBarChart(barChartDataOf(m_panel, shown), m_panel);
        else if (m_bars)
            m_bars->setHistogram(histogramDataOf(m_panel, shown), m_panel);
        m_body->setCurrentWidget(m_content);
        if (shown.state == PanelState::Stale && !shown.error.isEmpty())
            tooltip = shown.error + (tooltip.isEmpty() ? QString() : QStringLiteral("\n\n") + tooltip);
        break;
    }
    }
    setToolTip(plainToolTip(tooltip));
    updateAge(nowMs);
    if (shown.refreshing && shown.state != PanelState::Loading && m_state->text().isEmpty())
        m_state->setText(tr("refreshing…"));
}

void PanelFrame::updateAge(std::int64_t nowMs)
{
    QPalette pal = m_state->palette();
    if (m_shownState == PanelState::Stale) {
        m_state->setText(tr("STALE · %1 old").arg(formatAge(nowMs - m_lastGoodMs)));
        pal.setColor(QPalette::WindowText, theme::warning());
    } else if (!toolTip().isEmpty() && m_shownState == PanelState::Ok) {
        m_state->setText(tr("⚠ warnings"));
        pal.setColor(QPalette::WindowText, theme::warning());
    } else if (m_shownState == PanelState::Error) {
        m_state->setText(tr("ERROR"));
        pal.setColor(QPalette::WindowText, theme::error());
    } else {
        m_state->clear();
    }
    m_state->setPalette(pal);
}

void PanelFrame::mousePressEvent(QMouseEvent *event)
{
    if (m_panel.isRow() && event->button() == Qt::LeftButton)
        emit rowToggled(m_panel.id);
    if (m_panel.kind == PanelKind::Stat && event->button() == Qt::LeftButton) {
        if (const QString uid = linkedDashboardUid(); !uid.isEmpty())
            emit dashboardLinkActivated(uid);
    }
    QFrame::mousePressEvent(event);
}

QMenu *PanelFrame::buildMenu()
{
    auto *menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->setAccessibleName(tr("Panel menu"));
    const auto add = [this, menu](const QString &text, const QString &key, PanelAction action) {
        QAction *a = menu->addAction(text, this, [this, action] { emit actionRequested(action); });
        if (!key.isEmpty())
            a->setShortcut(QKeySequence(key));
        return a;
    };
    add(tr("&View"), QStringLiteral("V"), PanelAction::View);
    add(tr("&Inspect"), QStringLiteral("I"), PanelAction::Inspect);
    if (drawsQueries() && m_panel.hasQueries())
        add(tr("&Explore"), QStringLiteral("E"), PanelAction::Explore);
    menu->addSeparator();
    add(tr("&Copy image"), {}, PanelAction::CopyImage);
    add(tr("&Save image…"), {}, PanelAction::SaveImage);
    return menu;
}

void PanelFrame::contextMenuEvent(QContextMenuEvent *event)
{
    if (m_panel.isRow()) {
        QFrame::contextMenuEvent(event);
        return;
    }
    buildMenu()->popup(event->globalPos());
    event->accept();
}

void PanelFrame::enterEvent(QEnterEvent *event)
{
    emit hovered();
    QFrame::enterEvent(event);
}

QString PanelFrame::linkedDashboardUid() const
{
    for (const PanelLink &link : m_panel.links)
        if (const QString uid = link.dashboardUid(); !uid.isEmpty())
            return uid;
    return {};
}

} // namespace promdeck
