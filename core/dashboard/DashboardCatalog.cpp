#include "dashboard/DashboardCatalog.h"

#include "dashboard/DashboardLoader.h"

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

QString DashboardCatalog::identity(const QString &nameOrPath)
{
    const QFileInfo file(nameOrPath);
    return file.isFile() ? QDir::cleanPath(file.absoluteFilePath()) : nameOrPath;
}

QString DashboardCatalog::findByUid(const QString &uid, const QString &directory)
{
    if (uid.isEmpty())
        return {};
    auto uidOf = [](const QString &path) {
        const DashboardLoadResult r = loadDashboardFile(path);
        return r.ok() ? r.dashboard->uid : QString();
    };
    // Files beside the current one first: a team's own set links within itself.
    if (!directory.isEmpty() && !directory.startsWith(QLatin1Char(':'))) {
        const QDir dir(directory);
        for (const QString &f : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
            if (uidOf(dir.filePath(f)) == uid)
                return dir.filePath(f);
    }
    for (const QString &name : builtinNames())
        if (uidOf(builtinPrefix() + name + QStringLiteral(".json")) == uid)
            return name;
    return {};
}

} // namespace promdeck
