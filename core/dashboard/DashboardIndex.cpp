#include "dashboard/DashboardIndex.h"

#include "dashboard/DashboardCatalog.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

namespace promdeck {

DashboardIndex::DashboardIndex(QObject *parent) : QAbstractListModel(parent)
{
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, this, &DashboardIndex::rebuild);
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, &DashboardIndex::rebuild);
    rebuild();
}

void DashboardIndex::setFolder(const QString &path)
{
    if (path == m_folder)
        return;
    if (!m_watcher.directories().isEmpty())
        m_watcher.removePaths(m_watcher.directories());
    if (!m_watcher.files().isEmpty())
        m_watcher.removePaths(m_watcher.files());
    m_folder = path;
    rebuild();
}

void DashboardIndex::setRecent(const QStringList &locations)
{
    if (locations == m_recent)
        return;
    m_recent = locations;
    rebuild();
}

void DashboardIndex::setStarred(const QStringList &identities)
{
    if (identities == m_starred)
        return;
    m_starred = identities;
    rebuild();
}

std::optional<DashboardEntry> DashboardIndex::readEntry(const QString &location)
{
    QFile file(DashboardCatalog::resolve(location));
    if (file.fileName().isEmpty() || !file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
    // A Grafana export wraps the dashboard in {"dashboard": ...}.
    const QJsonObject dashboard = json.value(QLatin1String("dashboard")).isObject()
                                      ? json.value(QLatin1String("dashboard")).toObject()
                                      : json;
    if (!dashboard.contains(QLatin1String("panels")) && !dashboard.contains(QLatin1String("rows")))
        return std::nullopt;
    DashboardEntry entry;
    entry.location = location;
    entry.title = dashboard.value(QLatin1String("title")).toString();
    if (entry.title.isEmpty())
        entry.title = QFileInfo(location).completeBaseName();
    for (const QJsonValue &tag : dashboard.value(QLatin1String("tags")).toArray())
        entry.tags << tag.toString();
    return entry;
}

void DashboardIndex::rebuild()
{
    beginResetModel();
    m_entries.clear();
    QSet<QString> seen;
    const auto keyOf = [](const QString &location) {
        return QFileInfo::exists(location) ? QFileInfo(location).canonicalFilePath() : location;
    };
    QSet<QString> starred;
    for (const QString &identity : std::as_const(m_starred))
        starred.insert(keyOf(identity));
    const auto add = [&](const QString &location, DashboardEntry::Origin origin) {
        const QString key = keyOf(location);
        if (seen.contains(key))
            return;
        if (std::optional<DashboardEntry> entry = readEntry(location)) {
            seen.insert(key);
            entry->origin = origin;
            entry->starred = starred.contains(key);
            m_entries.push_back(std::move(*entry));
        }
    };
    // Starred first, as Grafana's search lists them; each keeps where it comes from.
    const QStringList builtins = DashboardCatalog::builtinNames();
    for (const QString &identity : std::as_const(m_starred)) {
        const bool inFolder =
            !m_folder.isEmpty() && QFileInfo(identity).absolutePath() == QDir::cleanPath(m_folder);
        add(identity, builtins.contains(identity) ? DashboardEntry::Origin::Builtin
                      : inFolder                  ? DashboardEntry::Origin::Folder
                                                  : DashboardEntry::Origin::Recent);
    }
    for (const QString &location : std::as_const(m_recent))
        add(location, DashboardEntry::Origin::Recent);
    if (!m_folder.isEmpty() && QFileInfo(m_folder).isDir()) {
        if (!m_watcher.directories().contains(m_folder))
            m_watcher.addPath(m_folder);
        const QDir dir(m_folder);
        const QStringList files = dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
        for (const QString &name : files) {
            const QString path = dir.filePath(name);
            if (!m_watcher.files().contains(path))
                m_watcher.addPath(path);
            add(path, DashboardEntry::Origin::Folder);
        }
    }
    for (const QString &name : builtins)
        add(name, DashboardEntry::Origin::Builtin);
    endResetModel();
}

int DashboardIndex::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_entries.size());
}

QVariant DashboardIndex::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const DashboardEntry &e = m_entries[static_cast<size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole: {
        static const QStringList origins{tr("recent"), tr("folder"), tr("built-in")};
        QString text = e.starred ? QStringLiteral("★ ") + e.title : e.title;
        if (!e.tags.isEmpty())
            text += QStringLiteral("  [%1]").arg(e.tags.join(QStringLiteral(", ")));
        return QString(text + QStringLiteral("  · ") + origins[static_cast<int>(e.origin)]);
    }
    case Qt::ToolTipRole:
        return e.location;
    case TitleRole:
        return e.title;
    case TagsRole:
        return e.tags;
    case LocationRole:
        return e.location;
    case OriginRole:
        return static_cast<int>(e.origin);
    case StarredRole:
        return e.starred;
    case SearchTextRole:
        return QString(e.title + QLatin1Char(' ') + e.tags.join(QLatin1Char(' ')));
    default:
        return {};
    }
}

QHash<int, QByteArray> DashboardIndex::roleNames() const
{
    return {{Qt::DisplayRole, "display"}, {TitleRole, "title"},   {TagsRole, "tags"},
            {LocationRole, "location"},   {OriginRole, "origin"}, {SearchTextRole, "searchText"},
            {StarredRole, "starred"}};
}

} // namespace promdeck
