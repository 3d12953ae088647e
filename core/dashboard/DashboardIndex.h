// What the dashboard search (Ctrl+K) looks through: starred dashboards first (marked ★), then recently
// opened ones, a folder of Grafana JSON files (watched: a file added or changed there shows up), and
// the built-in ones, each with its title and tags. A list model; the window filters it with a
// QSortFilterProxyModel on SearchTextRole.
#pragma once

#include <QAbstractListModel>
#include <QFileSystemWatcher>
#include <optional>

namespace promdeck {

struct DashboardEntry
{
    enum class Origin
    {
        Recent,
        Folder,
        Builtin,
    };
    QString title;
    QStringList tags;
    QString location; // a built-in name or a file path: what Workspace::openDashboard takes
    Origin origin = Origin::Builtin;
    bool starred = false;
};

class DashboardIndex : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role
    {
        TitleRole = Qt::UserRole + 1,
        TagsRole,
        LocationRole,
        OriginRole,
        SearchTextRole, // title and tags, for filtering
        StarredRole,
    };

    explicit DashboardIndex(QObject *parent = nullptr);

    void setFolder(const QString &path);
    void setRecent(const QStringList &locations);
    // Dashboards by identity (DashboardCatalog::identity): listed first, in this order, and marked.
    void setStarred(const QStringList &identities);
    const std::vector<DashboardEntry> &entries() const { return m_entries; }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // The title and tags of a dashboard (name or path); nothing when it cannot be read as one.
    static std::optional<DashboardEntry> readEntry(const QString &location);

private:
    void rebuild();

    QString m_folder;
    QStringList m_recent;
    QStringList m_starred;
    QFileSystemWatcher m_watcher;
    std::vector<DashboardEntry> m_entries;
};

} // namespace promdeck
