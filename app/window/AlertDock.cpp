#include "window/AlertDock.h"

#include "alerting/AlertTemplate.h"
#include "panels/Palette.h"
#include "panels/PlainText.h"
#include "series/TimeRange.h"

#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <map>

namespace promdeck {

namespace {
enum Column
{
    State,
    Name,
    Since,
    Value,
    Labels,
    Summary
};
constexpr int KeyRole = Qt::UserRole;
constexpr int SinceRole = Qt::UserRole + 1;
constexpr int DashboardRole = Qt::UserRole + 2;
// Rows listed per alert name: a rule over a high-cardinality metric can have thousands of instances,
// and a row each, rebuilt on every evaluation, froze the window. The rest are counted in one line.
constexpr int RowsPerAlert = 100;

bool matchesFilter(const QString &filter, std::initializer_list<const QString *> texts)
{
    if (filter.isEmpty())
        return true;
    for (const QString *text : texts)
        if (text->contains(filter, Qt::CaseInsensitive))
            return true;
    return false;
}
} // namespace

AlertDock::AlertDock(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_banner = new QLabel(this);
    m_banner->setWordWrap(true);
    m_banner->setTextFormat(Qt::PlainText); // notification text: label values and annotations, as written
    m_banner->setVisible(false);
    QPalette warn = m_banner->palette();
    warn.setColor(QPalette::WindowText, theme::Warning);
    m_banner->setPalette(warn);
    layout->addWidget(m_banner);
    m_filter = new QLineEdit(this);
    m_filter->setPlaceholderText(tr("Filter alerts by name, label or summary"));
    m_filter->setAccessibleName(tr("Filter alerts"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, this, &AlertDock::refill);
    m_list = new QTreeWidget(this);
    m_list->setAccessibleName(tr("Alerts"));
    m_list->setRootIsDecorated(true);
    m_list->setUniformRowHeights(true);
    m_list->setMinimumHeight(48); // the dock may be a thin strip: a fifth of the window at most
    m_list->setHeaderLabels(
        {tr("State"), tr("Alert"), tr("Since"), tr("Value"), tr("Labels"), tr("Summary")});
    m_list->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_list->header()->setStretchLastSection(true);
    m_groups = new QTreeWidget(this);
    m_groups->setObjectName(QStringLiteral("ruleGroups"));
    m_groups->setAccessibleName(tr("Rule groups"));
    m_groups->setRootIsDecorated(false);
    m_groups->setHeaderLabels(
        {tr("Rule group"), tr("Every"), tr("Last evaluation"), tr("Took"), tr("Missed")});
    m_groups->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_groups->header()->setStretchLastSection(true);
    m_groups->setMaximumHeight(m_groups->fontMetrics().height() * 8);
    m_groups->setMinimumHeight(48);
    // Side by side: the dock stays a thin strip (a fifth of the window at most).
    auto *lists = new QHBoxLayout;
    lists->addWidget(m_list, 3);
    lists->addWidget(m_groups, 2);
    layout->addLayout(lists, 1);
    auto *buttons = new QHBoxLayout;
    m_ack = new QPushButton(tr("Acknowledge"), this);
    m_snooze = new QPushButton(tr("Snooze"), this);
    m_silence = new QPushButton(tr("Silence"), this);
    m_open = new QPushButton(tr("Open at its time"), this);
    auto *matchers = new QPushButton(tr("Silence by matchers…"), this);
    // How long a snooze or a silence lasts: one choice for both, next to them.
    m_duration = new QComboBox(this);
    m_duration->setObjectName(QStringLiteral("duration"));
    m_duration->setToolTip(tr("How long Snooze and Silence last"));
    for (const auto &[text, minutes] : std::initializer_list<std::pair<QString, int>>{{tr("15 min"), 15},
                                                                                      {tr("1 h"), 60},
                                                                                      {tr("2 h"), 120},
                                                                                      {tr("4 h"), 240},
                                                                                      {tr("8 h"), 480},
                                                                                      {tr("24 h"), 1440}})
        m_duration->addItem(text, static_cast<qint64>(minutes) * 60'000);
    m_duration->setCurrentIndex(1);
    buttons->addWidget(m_ack);
    buttons->addWidget(m_snooze);
    buttons->addWidget(m_silence);
    buttons->addWidget(new QLabel(tr("for"), this));
    buttons->addWidget(m_duration);
    buttons->addWidget(matchers);
    buttons->addWidget(m_open);
    buttons->addWidget(m_filter, 1); // on the buttons' line: one line less than a row of its own
    layout->addLayout(buttons);

    connect(m_ack, &QPushButton::clicked, this, [this] {
        if (m_center && !currentKey().isEmpty())
            m_center->acknowledge(currentKey());
    });
    connect(m_snooze, &QPushButton::clicked, this, [this] {
        if (m_center && !currentKey().isEmpty())
            m_center->snooze(currentKey(), durationMs());
    });
    connect(m_silence, &QPushButton::clicked, this, [this] {
        if (!m_center || currentKey().isEmpty())
            return;
        for (const AlertInstance &a : m_center->active()) {
            const auto name = a.labels.find(QStringLiteral("alertname"));
            if (name == a.labels.end() || alertKey(name->second, a.labels) != currentKey())
                continue;
            Silence s;
            for (const auto &[label, value] : a.labels)
                s.matchers.push_back({label, value, false, true});
            s.startsMs = QDateTime::currentMSecsSinceEpoch();
            s.endsMs = s.startsMs + durationMs();
            s.comment = tr("silenced from Promdeck");
            emit silenceRequested(s);
            return;
        }
    });
    connect(matchers, &QPushButton::clicked, this, [this] {
        // Prefilled with the selected alert's alertname; any Alertmanager-style matchers.
        QString prefill;
        if (const QTreeWidgetItem *item =
                m_list->currentItem() ? m_list->currentItem() : m_list->topLevelItem(0))
            prefill = QStringLiteral("alertname=\"%1\"").arg(item->text(Name));
        bool ok = false;
        const QString text =
            QInputDialog::getText(this, tr("Silence"),
                                  tr("Matchers (name=\"value\", name=~\"regex\", name!=\"value\"), "
                                     "for %1:")
                                      .arg(m_duration->currentText()),
                                  QLineEdit::Normal, prefill, &ok);
        if (ok)
            silenceByMatchers(text, durationMs());
    });
    connect(m_open, &QPushButton::clicked, this, [this] {
        const QTreeWidgetItem *item = m_list->currentItem() ? m_list->currentItem() : m_list->topLevelItem(0);
        if (item &&
            item->data(Since, SinceRole).toLongLong() > 0) // a server's unreadable time: nowhere to go
            emit openRequested(item->data(Since, SinceRole).toLongLong(),
                               item->data(Name, DashboardRole).toString());
    });
}

std::int64_t AlertDock::durationMs() const
{
    return m_duration->currentData().toLongLong();
}

bool AlertDock::silenceByMatchers(const QString &text, std::int64_t durationMs, QString *error)
{
    const Result<std::vector<LabelMatcher>> matchers = parseMatchers(text);
    if (!matchers) {
        showBanner(matchers.error().message());
        if (error)
            *error = matchers.error().message();
        return false;
    }
    Silence s;
    s.matchers = *matchers;
    s.startsMs = QDateTime::currentMSecsSinceEpoch();
    s.endsMs = s.startsMs + durationMs;
    s.comment = tr("silenced from Promdeck: %1").arg(matchersText(*matchers));
    emit silenceRequested(s);
    return true;
}

void AlertDock::setCenter(AlertCenter *center)
{
    m_center = center;
    if (center)
        connect(center, &AlertCenter::changed, this, &AlertDock::refill);
    refill();
}

QString AlertDock::currentKey() const
{
    const QTreeWidgetItem *item = m_list->currentItem() ? m_list->currentItem() : m_list->topLevelItem(0);
    return item ? item->data(Name, KeyRole).toString() : QString();
}

void AlertDock::showBanner(const QString &text)
{
    m_banner->setText(text);
    m_banner->setVisible(!text.isEmpty());
}

void AlertDock::setFilter(const QString &text)
{
    m_filter->setText(text);
}

namespace {
// Groups rows under one line per name (and source): a name with one instance is its own line; with
// more, a line "Name (N)" taking the first (worst, as listed) instance's key, time and dashboard, its
// instances below it, folded. `counts` holds how many instances each name has, rows or not.
void groupByName(QTreeWidget *list, const std::vector<QTreeWidgetItem *> &rows, const QString &source,
                 const QHash<QString, int> &counts)
{
    std::vector<std::pair<QString, std::vector<QTreeWidgetItem *>>> groups;
    QHash<QString, std::size_t> groupOf;
    for (QTreeWidgetItem *row : rows) {
        const QString name = row->text(Name);
        const auto it = groupOf.constFind(name);
        if (it == groupOf.cend()) {
            groupOf.insert(name, groups.size());
            groups.push_back({name, {row}});
        } else {
            groups[*it].second.push_back(row);
        }
    }
    for (auto &[name, members] : groups) {
        const int count = std::max<int>(counts.value(name), static_cast<int>(members.size()));
        if (count == 1) {
            list->addTopLevelItem(members.front());
            continue;
        }
        auto *group = new QTreeWidgetItem(list);
        QTreeWidgetItem *first = members.front();
        for (int column : {State, Since})
            group->setText(column, first->text(column));
        group->setText(Name, QStringLiteral("%1 (%2)").arg(name).arg(count));
        group->setData(Name, KeyRole, first->data(Name, KeyRole));
        group->setData(Name, DashboardRole, first->data(Name, DashboardRole));
        group->setData(Since, SinceRole, first->data(Since, SinceRole));
        group->setForeground(State, first->foreground(State));
        group->setText(Summary, source.isEmpty() ? first->text(Summary) : source);
        for (QTreeWidgetItem *member : members)
            group->addChild(member);
        if (const int unlisted = count - static_cast<int>(members.size()); unlisted > 0) {
            auto *more = new QTreeWidgetItem(group);
            more->setText(Name, QObject::tr("… %1 more: narrow them with the filter").arg(unlisted));
            more->setForeground(Name, theme::MutedText);
        }
    }
}
} // namespace

void AlertDock::refill()
{
    const QString selected = currentKey();
    m_list->clear();
    refillGroups();
    m_firing = m_pending = 0;
    if (!m_center) {
        emit countsChanged(0, 0);
        return;
    }
    const QString filter = m_filter->text().trimmed();
    std::vector<QTreeWidgetItem *> own;
    QHash<QString, int> ownCounts;
    QTreeWidgetItem *selectedItem = nullptr;
    for (const AlertInstance &a : m_center->active()) {
        const auto name = a.labels.find(QStringLiteral("alertname"));
        const QString alertname = name == a.labels.end() ? QString() : name->second;
        QStringList labelList;
        for (const auto &[label, value] : a.labels)
            if (label != u"alertname")
                labelList << label + QLatin1Char('=') + value;
        const QString labels = labelList.join(QStringLiteral(", "));
        const QString summary = a.annotations.value(QStringLiteral("summary"));
        (a.state == AlertState::Firing ? m_firing : m_pending) += 1;
        if (!matchesFilter(filter, {&alertname, &labels, &summary}))
            continue;
        const QString key = alertKey(alertname, a.labels);
        if (++ownCounts[alertname] > RowsPerAlert && key != selected)
            continue;
        QString state = a.state == AlertState::Firing ? tr("FIRING") : tr("pending");
        if (m_center->policy().isAcknowledged(key))
            state += tr(" ✓ acknowledged");
        auto *item = new QTreeWidgetItem;
        item->setText(State, state);
        item->setText(Name, alertname);
        item->setData(Name, KeyRole, key);
        item->setData(Name, DashboardRole, alertDashboardUid(a.labels, a.annotations));
        const std::int64_t since = a.state == AlertState::Firing ? a.firedAtMs : a.activeAtMs;
        item->setText(Since,
                      QDateTime::fromMSecsSinceEpoch(since).toString(QStringLiteral("yyyy-MM-dd HH:mm")));
        item->setData(Since, SinceRole, static_cast<qint64>(since));
        item->setText(Value, goFloat(a.value));
        item->setText(Labels, labels);
        item->setText(Summary, summary);
        item->setForeground(State, a.state == AlertState::Firing ? theme::Error : theme::Warning);
        if (key == selected)
            selectedItem = item;
        own.push_back(item);
    }
    groupByName(m_list, own, {}, ownCounts);
    // What the servers themselves hold, below Promdeck's own (acted on where they live).
    std::map<QString, std::vector<QTreeWidgetItem *>> bySource;
    std::map<QString, QHash<QString, int>> sourceCounts;
    for (const ServerAlert &a : m_center->serverAlerts()) {
        QStringList labelList;
        for (const auto &[label, value] : a.labels)
            if (label != u"alertname")
                labelList << label + QLatin1Char('=') + value;
        const QString labels = labelList.join(QStringLiteral(", "));
        if (a.state == u"firing" || a.state == u"active")
            ++m_firing;
        else if (a.state == u"pending")
            ++m_pending;
        if (!matchesFilter(filter, {&a.alertname, &labels, &a.summary}))
            continue;
        if (++sourceCounts[a.source][a.alertname] > RowsPerAlert)
            continue;
        auto *item = new QTreeWidgetItem;
        item->setText(State, QStringLiteral("%1: %2").arg(a.source, a.state));
        item->setText(Name, a.alertname);
        item->setText(Since, a.sinceMs ? QDateTime::fromMSecsSinceEpoch(a.sinceMs).toString(
                                             QStringLiteral("yyyy-MM-dd HH:mm"))
                                       : a.since);
        item->setData(Since, SinceRole, static_cast<qint64>(a.sinceMs));
        item->setData(Name, DashboardRole, a.dashboardUid);
        item->setText(Labels, labels);
        item->setText(Summary, a.summary);
        item->setForeground(State, a.state == u"suppressed" ? theme::MutedText : theme::Warning);
        bySource[a.source].push_back(item);
    }
    for (const auto &[source, items] : bySource)
        groupByName(m_list, items, source, sourceCounts[source]);
    if (selectedItem)
        m_list->setCurrentItem(selectedItem);
    if (!m_center->serverError().isEmpty())
        showBanner(m_center->serverError());
    emit countsChanged(m_firing, m_pending);
}

void AlertDock::refillGroups()
{
    m_groups->clear();
    if (!m_center)
        return;
    for (const RuleGroupStatus &g : m_center->engine()->groups()) {
        auto *item = new QTreeWidgetItem(m_groups);
        item->setText(0, g.name);
        item->setToolTip(0, plainToolTip(g.file));
        item->setText(1, formatPromDuration(g.intervalMs));
        if (g.evaluations == 0) {
            item->setText(2, tr("not yet"));
            item->setData(0, Qt::AccessibleTextRole, tr("%1: not evaluated yet").arg(g.name));
            continue;
        }
        item->setText(
            2, QDateTime::fromMSecsSinceEpoch(g.lastInstantMs).toString(QStringLiteral("HH:mm:ss.zzz")));
        item->setText(3, tr("%1 ms").arg(g.lastDurationMs));
        item->setText(4, QString::number(g.missed));
        if (g.missed > 0)
            item->setForeground(4, theme::Warning);
        // What a screen reader says of the row: the whole sentence.
        item->setData(
            0, Qt::AccessibleTextRole,
            tr("%1: last evaluation took %2 ms, missed %3").arg(g.name).arg(g.lastDurationMs).arg(g.missed));
    }
}

} // namespace promdeck
