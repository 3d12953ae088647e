#include "explore/AddToDashboard.h"

#include "explore/ExploreRunner.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace promdeck {

namespace {
// The highest panel id and the lowest free grid row, rows' nested panels included.
void measure(const QJsonArray &panels, int &maxId, int &bottom)
{
    for (const QJsonValue &p : panels) {
        const QJsonObject panel = p.toObject();
        maxId = std::max(maxId, panel.value(u"id").toInt());
        const QJsonObject grid = panel.value(u"gridPos").toObject();
        bottom = std::max(bottom, grid.value(u"y").toInt() + grid.value(u"h").toInt());
        measure(panel.value(u"panels").toArray(), maxId, bottom);
    }
}

SourceLocation whereInText(const QString &path, const QByteArray &bytes, int offset)
{
    const QByteArray before = bytes.left(offset);
    const int line = static_cast<int>(before.count('\n')) + 1;
    return {path, line, static_cast<int>(offset - (before.lastIndexOf('\n') + 1)) + 1, {}};
}
} // namespace

Result<int> addTimeSeriesPanel(const QString &path, const QString &title, const QStringList &exprs)
{
    QFile in(path);
    if (QFileInfo(path).isDir() || !in.open(QIODevice::ReadOnly))
        return Error::at({path}, QStringLiteral("cannot read: %1").arg(in.errorString()), Error::Kind::Io);
    const QByteArray bytes = in.readAll();
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return Error::at(whereInText(path, bytes, parseError.offset), parseError.errorString(),
                         Error::Kind::Syntax);
    QJsonObject root = doc.object();
    // An export made for the import API wraps the dashboard: {"dashboard": {...}, ...}.
    const bool wrapped = !root.contains(u"panels") && root.value(u"dashboard").isObject();
    QJsonObject dashboard = wrapped ? root.value(u"dashboard").toObject() : root;
    if (!doc.isObject() || (!dashboard.value(u"panels").isArray() && !dashboard.contains(u"title")))
        return Error::at({path, 0, 0, QStringLiteral("$")},
                         QStringLiteral("is not a Grafana dashboard (no \"panels\" or \"title\")"));

    if (!dashboard.contains(u"panels") && dashboard.value(u"rows").isArray())
        return Error::at(
            {path, 0, 0, QStringLiteral("$.rows")},
            QStringLiteral("an old dashboard with rows[] (schema before 16): open and save it in "
                           "Grafana once, then add the panel"));
    QJsonArray panels = dashboard.value(u"panels").toArray();
    int maxId = 0;
    int bottom = 0;
    measure(panels, maxId, bottom);
    QJsonArray targets;
    for (int i = 0; i < exprs.size(); ++i)
        if (!exprs[i].trimmed().isEmpty())
            targets.append(QJsonObject{{QStringLiteral("refId"), exploreRefId(i)},
                                       {QStringLiteral("expr"), exprs[i].trimmed()},
                                       {QStringLiteral("range"), true}});
    if (targets.isEmpty())
        return Error::plain(Error::Kind::Invalid, QStringLiteral("no query to add"));
    const int id = maxId + 1;
    panels.append(QJsonObject{
        {QStringLiteral("id"), id},
        {QStringLiteral("type"), QStringLiteral("timeseries")},
        {QStringLiteral("title"), title},
        {QStringLiteral("gridPos"), QJsonObject{{QStringLiteral("x"), 0},
                                                {QStringLiteral("y"), bottom},
                                                {QStringLiteral("w"), 24},
                                                {QStringLiteral("h"), 8}}},
        {QStringLiteral("fieldConfig"), QJsonObject{{QStringLiteral("defaults"), QJsonObject{}},
                                                    {QStringLiteral("overrides"), QJsonArray{}}}},
        {QStringLiteral("targets"), targets},
    });
    dashboard.insert(QStringLiteral("panels"), panels);
    if (wrapped)
        root.insert(QStringLiteral("dashboard"), dashboard);
    else
        root = dashboard;

    QSaveFile out(path);
    const QByteArray written = QJsonDocument(root).toJson(QJsonDocument::Indented);
    if (!out.open(QIODevice::WriteOnly) || out.write(written) != written.size() || !out.commit())
        return Error::at({path}, QStringLiteral("cannot write: %1").arg(out.errorString()), Error::Kind::Io);
    return id;
}

} // namespace promdeck
