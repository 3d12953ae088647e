#include "support/PromdeckData.h"

#include "support/TestSupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <cmath>

namespace promdeck::test {

namespace {

QString labelKey(const QJsonObject &labels)
{
    QStringList parts;
    for (auto it = labels.begin(); it != labels.end(); ++it)
        parts << it.key() + QLatin1Char('=') + it.value().toString();
    parts.sort();
    return parts.join(QLatin1Char(','));
}

double sampleValue(const QJsonValue &v)
{
    if (v.isDouble())
        return v.toDouble();
    const QString s = v.toString();
    if (s == u"NaN")
        return NAN;
    if (s == u"+Inf")
        return INFINITY;
    if (s == u"-Inf")
        return -INFINITY;
    return s.toDouble();
}

bool sameValue(double a, double b)
{
    return (std::isnan(a) && std::isnan(b)) || a == b;
}

} // namespace

QJsonObject runPromdeckData(const QStringList &args, int *exitCode)
{
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("data.json"));
    QProcess p;
    p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    p.start(promdeckBinary(),
            QStringList{QStringLiteral("data")} + args + QStringList{QStringLiteral("-o"), out});
    if (!p.waitForFinished(120'000))
        qFatal("promdeck data did not finish");
    if (exitCode)
        *exitCode = p.exitCode();
    QFile f(out);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("promdeck data wrote invalid JSON: %s", qPrintable(error.errorString()));
    return doc.object();
}

QUrlQuery queryParameters(const QJsonObject &query)
{
    const QString expr = query.value(QLatin1String("expr")).toString();
    const qint64 start = query.value(QLatin1String("start_ms")).toInteger();
    if (query.value(QLatin1String("instant")).toBool()) {
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("query"), expr);
        q.addQueryItem(QStringLiteral("time"), secondsText(start));
        return q;
    }
    return rangeQuery(expr, start, query.value(QLatin1String("end_ms")).toInteger(),
                      query.value(QLatin1String("step_ms")).toInteger());
}

QString differenceFromPrometheus(QNetworkAccessManager &network, const QUrl &server, const QJsonObject &query)
{
    const bool instant = query.value(QLatin1String("instant")).toBool();
    const QString expr = query.value(QLatin1String("expr")).toString();
    const QJsonObject answer = askPrometheus(
        network, server, instant ? QStringLiteral("/api/v1/query") : QStringLiteral("/api/v1/query_range"),
        queryParameters(query));
    if (answer.value(QLatin1String("status")).toString() != u"success")
        return expr + QStringLiteral(": the server says ") + answer.value(QLatin1String("error")).toString();
    const QJsonArray expected =
        answer.value(QLatin1String("data")).toObject().value(QLatin1String("result")).toArray();
    const QJsonArray got = query.value(QLatin1String("series")).toArray();
    if (got.size() != expected.size())
        return QStringLiteral("%1: %2 series, Prometheus has %3")
            .arg(expr)
            .arg(got.size())
            .arg(expected.size());
    QHash<QString, QJsonArray> expectedByLabels;
    for (const QJsonValue &s : expected) {
        const QJsonObject o = s.toObject();
        QJsonArray points = o.value(QLatin1String("values")).toArray();
        if (points.isEmpty())
            points.append(o.value(QLatin1String("value")));
        expectedByLabels.insert(labelKey(o.value(QLatin1String("metric")).toObject()), points);
    }
    for (const QJsonValue &s : got) {
        const QJsonObject o = s.toObject();
        const QString key = labelKey(o.value(QLatin1String("labels")).toObject());
        if (!expectedByLabels.contains(key))
            return QStringLiteral("%1: Prometheus has no series {%2}").arg(expr, key);
        const QJsonArray want = expectedByLabels.value(key);
        const QJsonArray points = o.value(QLatin1String("points")).toArray();
        if (points.size() != want.size())
            return QStringLiteral("%1 {%2}: %3 points, Prometheus has %4")
                .arg(expr, key)
                .arg(points.size())
                .arg(want.size());
        for (qsizetype i = 0; i < points.size(); ++i) {
            const QJsonArray p = points[i].toArray();
            const QJsonArray w = want[i].toArray();
            if (p[0].toInteger() != std::llround(w[0].toDouble() * 1000) ||
                !sameValue(sampleValue(p[1]), sampleValue(w[1])))
                return QStringLiteral("%1 {%2}: point %3 differs").arg(expr, key).arg(i);
        }
    }
    return {};
}

} // namespace promdeck::test
