#include "importing/ImportedDashboard.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace promdeck {

namespace {

constexpr QLatin1StringView RecordKey("__promdeck");

SourceLocation locationOf(const QByteArray &json, qsizetype offset, const QString &where)
{
    SourceLocation at;
    at.file = where;
    at.line = 1;
    at.column = 1;
    for (qsizetype i = 0; i < std::min(offset, json.size()); ++i) {
        if (json[i] == '\n') {
            ++at.line;
            at.column = 1;
        } else if ((static_cast<unsigned char>(json[i]) & 0xC0) != 0x80) {
            ++at.column; // columns count characters, not UTF-8 continuation bytes
        }
    }
    return at;
}

QString stringOf(const QJsonObject &o, QLatin1StringView key)
{
    return o.value(key).toString();
}

QJsonObject originObject(const ImportOrigin &origin)
{
    QJsonObject o{{QStringLiteral("from"), origin.from}};
    if (origin.grafanaComId > 0) {
        o.insert(QStringLiteral("grafanaComId"), origin.grafanaComId);
        o.insert(QStringLiteral("revision"), origin.revision);
    }
    if (!origin.configMap.isEmpty()) {
        if (!origin.context.isEmpty())
            o.insert(QStringLiteral("context"), origin.context);
        o.insert(QStringLiteral("namespace"), origin.nameSpace);
        o.insert(QStringLiteral("configMap"), origin.configMap);
        o.insert(QStringLiteral("key"), origin.key);
    }
    return o;
}

} // namespace

std::vector<DashboardInput> ImportedDashboard::dataSourceInputs() const
{
    std::vector<DashboardInput> out;
    for (const DashboardInput &input : inputs)
        if (input.isDataSource())
            out.push_back(input);
    return out;
}

Result<ImportedDashboard> readImportedDashboard(const QByteArray &json, const QString &where)
{
    QJsonParseError parse;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parse);
    if (parse.error != QJsonParseError::NoError) {
        const bool cut = parse.error == QJsonParseError::UnterminatedObject ||
                         parse.error == QJsonParseError::UnterminatedArray ||
                         parse.error == QJsonParseError::UnterminatedString ||
                         parse.offset >= json.trimmed().size();
        if (json.trimmed().isEmpty())
            return Error::plain(Error::Kind::Syntax, QStringLiteral("%1: empty, not a dashboard").arg(where));
        const QString detail = cut ? QStringLiteral("the JSON stops after %1 bytes: it was cut short (%2)")
                                         .arg(json.size())
                                         .arg(parse.errorString())
                                   : QStringLiteral("not valid JSON: %1").arg(parse.errorString());
        return Error::at(locationOf(json, parse.offset, where), detail, Error::Kind::Syntax);
    }
    if (!doc.isObject())
        return Error::plain(Error::Kind::Invalid,
                            QStringLiteral("%1: this JSON is a list, not a dashboard (a dashboard is an "
                                           "object with \"panels\")")
                                .arg(where));
    const QJsonObject o = doc.object();
    if (!o.value(QLatin1StringView("panels")).isArray() && !o.value(QLatin1StringView("rows")).isArray()) {
        QString said;
        if (o.value(QLatin1StringView("message")).isString())
            said = QStringLiteral("; it says: \"%1\"").arg(stringOf(o, QLatin1StringView("message")));
        QStringList keys = o.keys();
        if (keys.size() > 6)
            keys = keys.mid(0, 6) << QStringLiteral("...");
        return Error::plain(
            Error::Kind::Invalid,
            QStringLiteral("%1: this JSON is not a dashboard: it has no \"panels\" nor "
                           "\"rows\" (its keys: %2)%3")
                .arg(where, keys.isEmpty() ? QStringLiteral("none") : keys.join(u", "), said));
    }
    ImportedDashboard out;
    out.json = json;
    out.title = stringOf(o, QLatin1StringView("title"));
    out.uid = stringOf(o, QLatin1StringView("uid"));
    for (const QJsonValue &v : o.value(QLatin1StringView("__inputs")).toArray()) {
        const QJsonObject i = v.toObject();
        DashboardInput input;
        input.name = stringOf(i, QLatin1StringView("name"));
        input.label = stringOf(i, QLatin1StringView("label"));
        input.type = stringOf(i, QLatin1StringView("type"));
        input.pluginId = stringOf(i, QLatin1StringView("pluginId"));
        input.pluginName = stringOf(i, QLatin1StringView("pluginName"));
        input.value = stringOf(i, QLatin1StringView("value"));
        if (!input.name.isEmpty())
            out.inputs.push_back(std::move(input));
    }
    // A file saved by a former import keeps its origin when it is brought in again.
    if (const std::optional<ImportRecord> record = readImportRecord(json))
        out.origin = record->origin;
    return out;
}

QByteArray withImportRecord(const ImportedDashboard &dashboard, const QMap<QString, QString> &inputProfiles)
{
    QJsonObject inputs;
    for (auto it = inputProfiles.begin(); it != inputProfiles.end(); ++it)
        inputs.insert(it.key(), it.value());
    const QJsonObject record{{QStringLiteral("origin"), originObject(dashboard.origin)},
                             {QStringLiteral("inputs"), inputs}};
    const QByteArray recordText = QJsonDocument(record).toJson(QJsonDocument::Compact);

    // The record goes in as the object's first member; everything after the opening brace is kept as
    // it came (an earlier record, from a file imported again, is replaced).
    QByteArray json = dashboard.json;
    if (readImportRecord(json)) {
        QJsonObject o = QJsonDocument::fromJson(json).object();
        o.remove(RecordKey);
        json = QJsonDocument(o).toJson(QJsonDocument::Indented);
    }
    const qsizetype brace = json.indexOf('{');
    qsizetype next = brace + 1;
    while (next < json.size() && QChar::isSpace(static_cast<unsigned char>(json[next])))
        ++next;
    const bool empty = next < json.size() && json[next] == '}';
    const QByteArray member =
        "\n  \"" + QByteArray(RecordKey.data(), RecordKey.size()) + "\": " + recordText + (empty ? "" : ",");
    return json.left(brace + 1) + member + json.mid(brace + 1);
}

std::optional<ImportRecord> readImportRecord(const QByteArray &savedJson)
{
    const QJsonObject o = QJsonDocument::fromJson(savedJson).object();
    if (!o.value(RecordKey).isObject())
        return std::nullopt;
    const QJsonObject record = o.value(RecordKey).toObject();
    const QJsonObject origin = record.value(QLatin1StringView("origin")).toObject();
    ImportRecord out;
    out.origin.from = stringOf(origin, QLatin1StringView("from"));
    out.origin.grafanaComId = origin.value(QLatin1StringView("grafanaComId")).toInteger();
    out.origin.revision = origin.value(QLatin1StringView("revision")).toInt();
    out.origin.context = stringOf(origin, QLatin1StringView("context"));
    out.origin.nameSpace = stringOf(origin, QLatin1StringView("namespace"));
    out.origin.configMap = stringOf(origin, QLatin1StringView("configMap"));
    out.origin.key = stringOf(origin, QLatin1StringView("key"));
    const QJsonObject inputs = record.value(QLatin1StringView("inputs")).toObject();
    for (auto it = inputs.begin(); it != inputs.end(); ++it)
        out.inputProfiles.insert(it.key(), it.value().toString());
    return out;
}

QString mappedProfile(const ImportRecord &record)
{
    return record.inputProfiles.isEmpty() ? QString() : record.inputProfiles.first();
}

QMap<QString, QString> proposeInputProfiles(const std::vector<DashboardInput> &inputs,
                                            const QMap<QString, QString> &remembered, const QString &fallback)
{
    QMap<QString, QString> out;
    for (const DashboardInput &input : inputs)
        if (input.isDataSource())
            out.insert(input.name, remembered.value(input.name, fallback));
    return out;
}

QString readableFileName(const QString &title)
{
    static const QRegularExpression notWord(QStringLiteral("[^\\w]+"),
                                            QRegularExpression::UseUnicodePropertiesOption);
    QString name = title.toLower().replace(notWord, QStringLiteral("-"));
    name.replace(QLatin1Char('_'), QLatin1Char('-'));
    while (name.contains(QStringLiteral("--")))
        name.replace(QStringLiteral("--"), QStringLiteral("-"));
    while (name.startsWith(QLatin1Char('-')))
        name.remove(0, 1);
    while (name.endsWith(QLatin1Char('-')))
        name.chop(1);
    if (name.size() > 80)
        name = name.left(80);
    if (name.isEmpty())
        name = QStringLiteral("dashboard");
    return name + QStringLiteral(".json");
}

} // namespace promdeck
