#include "window/PlaylistDialog.h"

#include "dashboard/DashboardIndex.h"
#include "panels/PlainText.h"
#include "series/TimeRange.h"
#include "settings/Settings.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QPushButton>
#include <QShortcut>
#include <QSortFilterProxyModel>
#include <QVBoxLayout>
#include <algorithm>

namespace promdeck {

namespace {
QPushButton *button(const QString &text, const QString &name, QWidget *parent)
{
    auto *b = new QPushButton(text, parent);
    b->setAccessibleName(name);
    b->setAutoDefault(false);
    return b;
}

QString titleOf(const QString &identity)
{
    const std::optional<DashboardEntry> entry = DashboardIndex::readEntry(identity);
    return entry ? entry->title : identity;
}
} // namespace

PlaylistDialog::PlaylistDialog(Settings *settings, DashboardIndex *index, QWidget *parent)
    : QDialog(parent), m_library(settings), m_saved(new QListWidget(this)), m_name(new QLineEdit(this)),
      m_interval(new QLineEdit(this)), m_find(new QLineEdit(this)), m_found(new QSortFilterProxyModel(this)),
      m_available(new QListView(this)), m_chosen(new QListWidget(this)), m_problem(new QLabel(this))
{
    setWindowTitle(tr("Playlists"));
    setAccessibleName(tr("Playlists"));
    resize(900, 560);

    // Left: the saved playlists.
    m_saved->setAccessibleName(tr("Saved playlists"));
    auto *newButton = button(tr("&New"), tr("New playlist"), this);
    m_delete = button(tr("&Delete"), tr("Delete playlist"), this);
    m_start = button(tr("S&tart"), tr("Start playlist"), this);
    auto *savedButtons = new QHBoxLayout;
    for (QPushButton *b : {newButton, m_delete, m_start})
        savedButtons->addWidget(b);
    auto *left = new QVBoxLayout;
    auto *savedLabel = new QLabel(tr("&Saved playlists"), this);
    savedLabel->setBuddy(m_saved);
    left->addWidget(savedLabel);
    left->addWidget(m_saved, 1);
    left->addLayout(savedButtons);

    // Right: the playlist being made or edited.
    m_name->setAccessibleName(tr("Playlist name"));
    m_interval->setAccessibleName(tr("Interval"));
    m_interval->setPlaceholderText(tr("e.g. 2m, 30s, 1h"));
    m_interval->setToolTip(tr("How long each dashboard stays on screen: from 1s to 24h"));
    auto *form = new QFormLayout;
    form->addRow(tr("Na&me"), m_name);
    form->addRow(tr("&Interval"), m_interval);

    m_find->setAccessibleName(tr("Find a dashboard"));
    m_find->setPlaceholderText(tr("Title or tag"));
    m_find->setClearButtonEnabled(true);
    m_found->setSourceModel(index);
    m_found->setFilterRole(DashboardIndex::SearchTextRole);
    m_found->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_available->setModel(m_found);
    m_available->setAccessibleName(tr("Dashboards to add"));
    m_available->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_available->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_chosen->setAccessibleName(tr("Dashboards in the playlist"));
    auto *add = button(tr("&Add →"), tr("Add dashboard"), this);
    auto *remove = button(tr("&Remove"), tr("Remove dashboard"), this);
    auto *up = button(tr("Move &up"), tr("Move up"), this);
    auto *down = button(tr("Move do&wn"), tr("Move down"), this);
    auto *pickButtons = new QVBoxLayout;
    pickButtons->addStretch();
    for (QPushButton *b : {add, remove, up, down})
        pickButtons->addWidget(b);
    pickButtons->addStretch();
    auto *availableColumn = new QVBoxLayout;
    auto *availableLabel = new QLabel(tr("Dashboards (&find)"), this);
    availableLabel->setBuddy(m_find);
    availableColumn->addWidget(availableLabel);
    availableColumn->addWidget(m_find);
    availableColumn->addWidget(m_available, 1);
    auto *chosenColumn = new QVBoxLayout;
    auto *chosenLabel = new QLabel(tr("In the playlist, in &order"), this);
    chosenLabel->setBuddy(m_chosen);
    chosenColumn->addWidget(chosenLabel);
    chosenColumn->addWidget(m_chosen, 1);
    auto *pick = new QHBoxLayout;
    pick->addLayout(availableColumn, 1);
    pick->addLayout(pickButtons);
    pick->addLayout(chosenColumn, 1);

    m_problem->setAccessibleName(tr("Playlist problem"));
    m_problem->setWordWrap(true);
    m_problem->setTextFormat(Qt::PlainText);
    m_problem->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problem->setStyleSheet(QStringLiteral("color: #ff7383;"));
    auto *saveButton = button(tr("Sa&ve playlist"), tr("Save playlist"), this);
    auto *right = new QVBoxLayout;
    right->addLayout(form);
    right->addLayout(pick, 1);
    right->addWidget(m_problem);
    right->addWidget(saveButton, 0, Qt::AlignRight);

    auto *columns = new QHBoxLayout;
    columns->addLayout(left, 1);
    columns->addLayout(right, 3);
    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    close->button(QDialogButtonBox::Close)->setAccessibleName(tr("Close"));
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(columns, 1);
    layout->addWidget(close);

    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_saved, &QListWidget::currentTextChanged, this, &PlaylistDialog::edit);
    connect(newButton, &QPushButton::clicked, this, [this] {
        m_saved->setCurrentRow(-1);
        edit({});
        m_name->setFocus();
    });
    connect(m_delete, &QPushButton::clicked, this, &PlaylistDialog::removeSaved);
    connect(m_start, &QPushButton::clicked, this, &PlaylistDialog::start);
    connect(m_find, &QLineEdit::textChanged, m_found,
            [this](const QString &text) { m_found->setFilterFixedString(text.trimmed()); });
    connect(m_available, &QListView::activated, this, &PlaylistDialog::addSelected);
    connect(add, &QPushButton::clicked, this, &PlaylistDialog::addSelected);
    connect(remove, &QPushButton::clicked, this, [this] { delete m_chosen->currentItem(); });
    connect(up, &QPushButton::clicked, this, [this] { move(-1); });
    connect(down, &QPushButton::clicked, this, [this] { move(1); });
    // The keys a keyboard user expects on the list itself.
    const auto listKey = [this](const QKeySequence &key, auto handler) {
        auto *shortcut = new QShortcut(key, m_chosen);
        shortcut->setContext(Qt::WidgetShortcut);
        connect(shortcut, &QShortcut::activated, this, handler);
    };
    listKey(QKeySequence(QKeySequence::Delete), [this] { delete m_chosen->currentItem(); });
    listKey(QKeySequence(Qt::ALT | Qt::Key_Up), [this] { move(-1); });
    listKey(QKeySequence(Qt::ALT | Qt::Key_Down), [this] { move(1); });
    connect(saveButton, &QPushButton::clicked, this, &PlaylistDialog::save);

    const QList<QWidget *> order{m_saved,     newButton, m_delete, m_start, m_name, m_interval, m_find,
                                 m_available, add,       remove,   up,      down,   m_chosen,   saveButton};
    for (qsizetype i = 1; i < order.size(); ++i)
        setTabOrder(order[i - 1], order[i]);
    listSaved();
    if (m_saved->count() > 0)
        m_saved->setCurrentRow(0); // edits the first
    else
        edit({});
}

void PlaylistDialog::listSaved(const QString &select)
{
    const QSignalBlocker quiet(m_saved);
    m_saved->clear();
    for (const SavedPlaylist &p : m_library.playlists()) {
        auto *item = new QListWidgetItem(p.name, m_saved);
        item->setToolTip(tr("%n dashboard(s), each for %1", nullptr, int(p.dashboards.size()))
                             .arg(formatPromDuration(p.intervalMs)));
    }
    const QList<QListWidgetItem *> found = m_saved->findItems(select, Qt::MatchExactly);
    if (!found.isEmpty())
        m_saved->setCurrentItem(found.front());
    const bool any = m_saved->currentItem() != nullptr;
    m_start->setEnabled(any);
    m_delete->setEnabled(any);
}

void PlaylistDialog::edit(const QString &name)
{
    const std::optional<SavedPlaylist> saved = name.isEmpty() ? std::nullopt : m_library.find(name);
    m_editing = saved ? saved->name : QString();
    m_name->setText(saved ? saved->name : QString());
    m_interval->setText(formatPromDuration(saved ? saved->intervalMs : SavedPlaylist().intervalMs));
    m_chosen->clear();
    if (saved)
        for (const QString &identity : saved->dashboards) {
            auto *item = new QListWidgetItem(titleOf(identity), m_chosen);
            item->setData(Qt::UserRole, identity);
            item->setToolTip(plainToolTip(identity));
        }
    m_start->setEnabled(saved.has_value());
    m_delete->setEnabled(saved.has_value());
    say({});
}

void PlaylistDialog::addSelected()
{
    QModelIndexList picked = m_available->selectionModel()->selectedIndexes();
    if (picked.isEmpty() && m_available->currentIndex().isValid())
        picked << m_available->currentIndex();
    std::sort(picked.begin(), picked.end(),
              [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    for (const QModelIndex &index : std::as_const(picked)) {
        auto *item = new QListWidgetItem(index.data(DashboardIndex::TitleRole).toString(), m_chosen);
        item->setData(Qt::UserRole, index.data(DashboardIndex::LocationRole));
        item->setToolTip(plainToolTip(index.data(DashboardIndex::LocationRole).toString()));
        m_chosen->setCurrentItem(item);
    }
}

void PlaylistDialog::move(int by)
{
    const int row = m_chosen->currentRow();
    const int to = row + by;
    if (row < 0 || to < 0 || to >= m_chosen->count())
        return;
    QListWidgetItem *item = m_chosen->takeItem(row);
    m_chosen->insertItem(to, item);
    m_chosen->setCurrentItem(item);
}

QStringList PlaylistDialog::dashboardsInEditor() const
{
    QStringList out;
    for (int i = 0; i < m_chosen->count(); ++i)
        out << m_chosen->item(i)->data(Qt::UserRole).toString();
    return out;
}

void PlaylistDialog::save()
{
    const Result<SavedPlaylist> playlist =
        PlaylistLibrary::validate(m_name->text(), dashboardsInEditor(), m_interval->text());
    const Result<> saved =
        playlist ? m_library.save(playlist.value(), m_editing) : Result<>(playlist.error());
    if (!saved) {
        say(saved.error().message());
        return;
    }
    listSaved(playlist.value().name);
    edit(playlist.value().name);
    say({});
}

void PlaylistDialog::removeSaved()
{
    if (m_saved->currentItem() && m_library.remove(m_saved->currentItem()->text())) {
        listSaved();
        edit(m_saved->currentItem() ? m_saved->currentItem()->text() : QString());
    }
}

void PlaylistDialog::start()
{
    const QListWidgetItem *current = m_saved->currentItem();
    const std::optional<SavedPlaylist> playlist = current ? m_library.find(current->text()) : std::nullopt;
    if (!playlist)
        return;
    emit startRequested(*playlist);
    accept();
}

void PlaylistDialog::say(const QString &problem)
{
    m_problem->setText(problem);
    m_problem->setAccessibleDescription(problem); // what a screen reader reads with the name
    m_problem->setVisible(!problem.isEmpty());
}

} // namespace promdeck
