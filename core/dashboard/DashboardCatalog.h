// Finds dashboards by file path or by built-in name (`--dashboard api`). Built-in dashboards are
// compiled into the program as resources, so a copied binary still has them.
#pragma once

#include <QString>
#include <QStringList>

namespace promdeck {

class DashboardCatalog
{
public:
    // The resource prefix the program embeds dashboards under.
    static QString builtinPrefix() { return QStringLiteral(":/dashboards/"); }
    static QStringList builtinNames();
    // A path that exists as given, else a built-in dashboard of that name; empty when neither.
    static QString resolve(const QString &nameOrPath);
    // What names a dashboard wherever the program is started from (stars and saved playlists keep it):
    // a file's absolute path, or the built-in name as given.
    static QString identity(const QString &nameOrPath);
    // The dashboard whose `uid` this is: a built-in (by name) or a file in `directory` (by path);
    // empty when none. Links between dashboards are written as Grafana's `/d/<uid>`.
    static QString findByUid(const QString &uid, const QString &directory = {});
};

} // namespace promdeck
