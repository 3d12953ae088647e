#include "importing/DashboardFolder.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace promdeck {

namespace {

bool sameDashboard(const ImportOrigin &a, const ImportOrigin &b)
{
    if (a.grafanaComId > 0 || b.grafanaComId > 0)
        return a.grafanaComId == b.grafanaComId;
    if (!a.configMap.isEmpty() || !b.configMap.isEmpty())
        return a.context == b.context && a.nameSpace == b.nameSpace && a.configMap == b.configMap &&
               a.key == b.key;
    return !a.from.isEmpty() && a.from == b.from;
}

QString describe(const ImportOrigin &origin)
{
    if (origin.grafanaComId > 0)
        return QStringLiteral("dashboard %1").arg(origin.grafanaComId);
    if (!origin.configMap.isEmpty())
        return QStringLiteral("%1 of ConfigMap %2/%3").arg(origin.key, origin.nameSpace, origin.configMap);
    return origin.from;
}

// `path`, or path-2, path-3 ... : the first name no file has.
QString freeName(const QString &path)
{
    if (!QFileInfo::exists(path))
        return path;
    const QFileInfo info(path);
    const QString stem = info.dir().filePath(info.completeBaseName());
    for (int n = 2;; ++n) {
        const QString candidate = QStringLiteral("%1-%2.json").arg(stem).arg(n);
        if (!QFileInfo::exists(candidate))
            return candidate;
    }
}

} // namespace

Result<> writeWhole(const QString &path, const QByteArray &bytes)
{
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath()))
        return Error::plain(Error::Kind::Io,
                            QStringLiteral("cannot make the folder %1").arg(info.absolutePath()));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error::plain(Error::Kind::Io,
                            QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    if (file.write(bytes) != bytes.size() || !file.commit())
        return Error::plain(Error::Kind::Io,
                            QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    return {};
}

QStringList DashboardFolder::findImported(const ImportOrigin &origin) const
{
    QStringList found;
    const QDir dir(m_path);
    for (const QString &name : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const std::optional<ImportRecord> record = readImportRecord(file.readAll());
        if (record && sameDashboard(record->origin, origin))
            found << dir.filePath(name);
    }
    return found;
}

Result<QString> DashboardFolder::save(const ImportedDashboard &dashboard,
                                      const QMap<QString, QString> &inputProfiles,
                                      WhenImportedBefore whenBefore, const QString &file) const
{
    QString target = file.isEmpty() ? QDir(m_path).filePath(readableFileName(dashboard.title)) : file;
    // Of several earlier imports (both kept), the one under the readable name is the one replaced.
    const QStringList earlier = file.isEmpty() ? findImported(dashboard.origin) : QStringList();
    const QString before = earlier.contains(target) ? target : earlier.value(0);
    if (!before.isEmpty()) {
        switch (whenBefore) {
        case WhenImportedBefore::Refuse: {
            const std::optional<ImportRecord> record = [&]() -> std::optional<ImportRecord> {
                QFile previous(before);
                return previous.open(QIODevice::ReadOnly) ? readImportRecord(previous.readAll())
                                                          : std::nullopt;
            }();
            const QString revision = record && record->origin.revision > 0
                                         ? QStringLiteral(" (revision %1)").arg(record->origin.revision)
                                         : QString();
            return Error::plain(Error::Kind::Invalid,
                                QStringLiteral("%1 was imported before%2, as %3: replace it or keep both")
                                    .arg(describe(dashboard.origin), revision, before));
        }
        case WhenImportedBefore::Replace:
            target = before;
            break;
        case WhenImportedBefore::KeepBoth:
            target = freeName(target);
            break;
        }
    } else if (QFileInfo::exists(target)) {
        if (file.isEmpty() || whenBefore == WhenImportedBefore::KeepBoth)
            target = freeName(target); // another dashboard with the same title keeps its file
        else if (whenBefore == WhenImportedBefore::Refuse)
            return Error::plain(Error::Kind::Invalid,
                                QStringLiteral("%1 exists: replace it or keep both").arg(target));
    }
    if (const Result<> written = writeWhole(target, withImportRecord(dashboard, inputProfiles)); !written)
        return written.error();
    return target;
}

} // namespace promdeck
