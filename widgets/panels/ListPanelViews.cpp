#include "panels/ListPanelViews.h"

#include "panels/AlertListFilter.h"
#include "panels/Palette.h"
#include "panels/PanelFrame.h"
#include "panels/PlainText.h"

#include <QDateTime>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QVBoxLayout>

namespace promdeck {

namespace {

void styleList(QListWidget *list)
{
    QPalette pal = list->palette();
    pal.setColor(QPalette::Base, theme::panelBackground());
    pal.setColor(QPalette::Text, theme::text());
    list->setPalette(pal);
    list->setFrameShape(QFrame::NoFrame);
    list->setWordWrap(true);
}

QColor stateColor(const AlertListEntry &e)
{
    if (e.state == u"firing" || e.state == u"active")
        return e.severity == u"critical" ? theme::error() : theme::warning();
    if (e.state == u"pending")
        return theme::pending();
    return theme::mutedText();
}

} // namespace

AlertListView::AlertListView(const Panel &panel, QWidget *parent)
    : QWidget(parent), m_panel(panel), m_list(new QListWidget(this)), m_empty(new QLabel(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_empty, 1);
    styleList(m_list);
    m_list->setAccessibleName(tr("Alerts: %1").arg(panel.title));
    setAccessibleName(tr("Alert list: %1").arg(panel.title));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setTextFormat(Qt::PlainText);
    QPalette muted = m_empty->palette();
    muted.setColor(QPalette::WindowText, theme::mutedText());
    m_empty->setPalette(muted);
    connect(m_list, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        if (const QString uid = item->data(Qt::UserRole).toString(); !uid.isEmpty())
            emit dashboardLinkActivated(uid);
    });
    refill();
}

void AlertListView::setSource(AlertListSource *source)
{
    if (m_source)
        disconnect(m_source, nullptr, this, nullptr);
    m_source = source;
    if (source)
        connect(source, &AlertListSource::alertsChanged, this, &AlertListView::refill);
    refill();
}

void AlertListView::refill()
{
    m_list->clear();
    const std::vector<AlertListEntry> entries =
        m_source ? filterAlertList(m_panel, m_source->alertEntries()) : std::vector<AlertListEntry>{};
    for (const AlertListEntry &e : entries) {
        // Untrusted names and labels: list items show plain text.
        QString text = QStringLiteral("%1  ·  %2").arg(e.name, e.state.toUpper());
        if (e.sinceMs > 0)
            text +=
                QStringLiteral("  ·  for %1").arg(formatAge(QDateTime::currentMSecsSinceEpoch() - e.sinceMs));
        if (!e.summary.isEmpty())
            text += QLatin1Char('\n') + e.summary;
        text += QStringLiteral("\n%1  %2").arg(e.origin, e.labels);
        auto *item = new QListWidgetItem(text, m_list);
        item->setForeground(stateColor(e));
        item->setData(Qt::UserRole, e.dashboardUid);
        item->setToolTip(plainToolTip(text));
    }
    m_list->setVisible(!entries.empty());
    m_empty->setVisible(entries.empty());
    m_empty->setText(m_source ? tr("No alerts firing or pending") : tr("No alert source in this view"));
}

DashboardListView::DashboardListView(const Panel &panel, QWidget *parent)
    : QWidget(parent), m_panel(panel), m_list(new QListWidget(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_list);
    styleList(m_list);
    m_list->setAccessibleName(tr("Dashboards: %1").arg(panel.title));
    setAccessibleName(tr("Dashboard list: %1").arg(panel.title));
    connect(m_list, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        if (const QString location = item->data(Qt::UserRole).toString(); !location.isEmpty())
            emit dashboardOpenRequested(location);
    });
    refill();
}

void DashboardListView::setSource(DashboardListSource *source)
{
    if (m_source)
        disconnect(m_source, nullptr, this, nullptr);
    m_source = source;
    if (source)
        connect(source, &DashboardListSource::dashboardsChanged, this, &DashboardListView::refill);
    refill();
}

void DashboardListView::refill()
{
    m_list->clear();
    const QJsonObject options = m_panel.json.value(QStringLiteral("options")).toObject();
    const bool recent = options.value(QStringLiteral("showRecentlyViewed")).toBool(true);
    const bool headings = options.value(QStringLiteral("showHeadings")).toBool(true);
    const int maxItems = options.value(QStringLiteral("maxItems")).toInt(20);
    const QString query = options.value(QStringLiteral("query")).toString();
    const std::vector<DashboardListEntry> entries =
        m_source ? m_source->dashboardEntries() : std::vector<DashboardListEntry>{};
    auto section = [&](const QString &heading, bool wantRecent) {
        int shown = 0;
        for (const DashboardListEntry &e : entries) {
            if (e.recent != wantRecent || shown >= maxItems)
                continue;
            if (!query.isEmpty() && !e.title.contains(query, Qt::CaseInsensitive))
                continue;
            if (shown == 0 && headings) {
                auto *h = new QListWidgetItem(heading, m_list);
                h->setFlags(Qt::NoItemFlags);
                h->setForeground(theme::mutedText());
            }
            auto *item = new QListWidgetItem(QStringLiteral("▦  ") + e.title, m_list);
            item->setData(Qt::UserRole, e.location);
            item->setToolTip(plainToolTip(e.location));
            ++shown;
        }
    };
    if (recent)
        section(tr("Recently opened"), true);
    section(tr("Built in"), false);
}

} // namespace promdeck
