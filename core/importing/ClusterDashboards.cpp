#include "importing/ClusterDashboards.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace promdeck {

QStringList ClusterQuery::arguments() const
{
    QStringList args;
    if (!context.isEmpty())
        args << QStringLiteral("--context") << context;
    args << QStringLiteral("get") << QStringLiteral("configmaps");
    if (!nameSpace.isEmpty())
        args << QStringLiteral("-n") << nameSpace;
    if (!labelSelector.isEmpty())
        args << QStringLiteral("-l") << labelSelector;
    args << QStringLiteral("-o") << QStringLiteral("json");
    return args;
}

QString ClusterQuery::commandLine() const
{
    return (QStringList{kubectl} + arguments()).join(QLatin1Char(' '));
}

ClusterQuery ClusterQuery::fromPortForward(const QString &portForwardCommand)
{
    ClusterQuery query;
    const QStringList words = QProcess::splitCommand(portForwardCommand);
    if (words.isEmpty() || !QFileInfo(words.front()).fileName().startsWith(u"kubectl"))
        return query;
    query.kubectl = words.front();
    for (qsizetype i = 1; i < words.size(); ++i) {
        if (words[i] == u"--context" && i + 1 < words.size())
            query.context = words[i + 1];
        else if (words[i].startsWith(u"--context="))
            query.context = words[i].section(QLatin1Char('='), 1);
    }
    return query;
}

Result<ClusterDashboardList> readConfigMapList(const QByteArray &json, const ClusterQuery &query)
{
    QJsonParseError parse;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parse);
    if (parse.error != QJsonParseError::NoError || !doc.isObject())
        return Error::plain(Error::Kind::MalformedResponse,
                            QStringLiteral("%1 did not answer a JSON list: %2")
                                .arg(query.commandLine(), parse.error != QJsonParseError::NoError
                                                              ? parse.errorString()
                                                              : QStringLiteral("not an object")));
    const QJsonObject list = doc.object();
    // One ConfigMap alone (`get configmap NAME -o json`) reads as a list of one.
    const QJsonArray items = list.value(QLatin1StringView("kind")).toString() == u"ConfigMap"
                                 ? QJsonArray{list}
                                 : list.value(QLatin1StringView("items")).toArray();
    ClusterDashboardList out;
    for (const QJsonValue &item : items) {
        const QJsonObject configMap = item.toObject();
        const QJsonObject metadata = configMap.value(QLatin1StringView("metadata")).toObject();
        const QString name = metadata.value(QLatin1StringView("name")).toString();
        const QString nameSpace = metadata.value(QLatin1StringView("namespace")).toString(query.nameSpace);
        const QJsonObject data = configMap.value(QLatin1StringView("data")).toObject();
        for (auto it = data.begin(); it != data.end(); ++it) {
            if (!it.key().endsWith(u".json"))
                continue;
            const QString where = QStringLiteral("ConfigMap %1/%2, key %3").arg(nameSpace, name, it.key());
            Result<ImportedDashboard> read = readImportedDashboard(it.value().toString().toUtf8(), where);
            if (!read) {
                out.problems.push_back(read.error());
                continue;
            }
            read->origin = {};
            read->origin.from = where;
            read->origin.context = query.context;
            read->origin.nameSpace = nameSpace;
            read->origin.configMap = name;
            read->origin.key = it.key();
            out.dashboards.push_back(std::move(read).value());
        }
    }
    return out;
}

ClusterDashboardFetch::ClusterDashboardFetch(ClusterQuery query, QObject *parent)
    : QObject(parent), m_query(std::move(query))
{
    connect(&m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            finish(
                Error::plain(Error::Kind::Unavailable,
                             QStringLiteral("%1 could not be started: %2 (is kubectl installed and on PATH?)")
                                 .arg(m_query.kubectl, m_process.errorString())));
    });
    connect(&m_process, &QProcess::finished, this, [this](int code, QProcess::ExitStatus status) {
        const QByteArray out = m_process.readAllStandardOutput();
        if (status != QProcess::NormalExit || code != 0) {
            // kubectl's own words: "error: context ... does not exist", "Unauthorized", ...
            const QString said = QString::fromLocal8Bit(m_process.readAllStandardError()).trimmed();
            finish(Error::plain(Error::Kind::Unavailable,
                                QStringLiteral("%1 failed (exit %2): %3")
                                    .arg(m_query.commandLine())
                                    .arg(code)
                                    .arg(said.isEmpty() ? QStringLiteral("it said nothing")
                                                        : said.section(QLatin1Char('\n'), 0, 2))));
            return;
        }
        finish(readConfigMapList(out, m_query));
    });
}

void ClusterDashboardFetch::start()
{
    m_process.start(m_query.kubectl, m_query.arguments());
}

void ClusterDashboardFetch::finish(Result<ClusterDashboardList> result)
{
    if (m_result)
        return;
    m_result = std::move(result);
    emit finished();
}

} // namespace promdeck
