#include "dashboard/DashboardCatalog.h"

#include <QDir>
#include <QFileInfo>

namespace promdeck {

QStringList DashboardCatalog::builtinNames()
{
    QStringList names;
    const QStringList files =
        QDir(builtinPrefix()).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    for (const QString &f : files)
        names << QFileInfo(f).completeBaseName();
    return names;
}

QString DashboardCatalog::resolve(const QString &nameOrPath)
{
    if (QFileInfo::exists(nameOrPath))
        return nameOrPath;
    QString name = nameOrPath;
    if (name.endsWith(QLatin1String(".json")))
        name.chop(5);
    const QString builtin = builtinPrefix() + name + QStringLiteral(".json");
    return QFileInfo::exists(builtin) ? builtin : QString();
}

} // namespace promdeck
