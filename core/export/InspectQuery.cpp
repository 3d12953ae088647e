#include "export/InspectQuery.h"

#include <QDateTime>
#include <QJsonDocument>

namespace promdeck {

namespace {
QString shellQuoted(const QString &text)
{
    QString quoted = text;
    quoted.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

QString utcText(std::int64_t ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}
} // namespace

QString describeRequest(const QueryData &query)
{
    const PlannedQuery &q = query.query;
    QStringList lines;
    lines << QStringLiteral("Query %1 (%2)")
                 .arg(q.refId, q.instant ? QStringLiteral("instant") : QStringLiteral("range"));
    lines << QStringLiteral("Expression: %1").arg(q.expr());
    if (q.instant)
        lines << QStringLiteral("Time: %1").arg(utcText(q.instantQuery.timeMs));
    else
        lines << QStringLiteral("Start: %1").arg(utcText(q.range.startMs))
              << QStringLiteral("End: %1").arg(utcText(q.range.endMs))
              << QStringLiteral("Step: %1").arg(formatPromDuration(q.range.stepMs));
    // Incremental refresh: the request below asked only the newest steps; the answer shown is theirs.
    if (!q.instant && query.askedFromMs > q.range.startMs)
        lines << QStringLiteral("Asked: the steps from %1 on (the earlier ones held from the last refresh)")
                     .arg(utcText(query.askedFromMs));
    const RequestTrace &t = query.trace;
    if (t.method.isEmpty()) {
        lines << QStringLiteral("Request: none sent (the answer came from a recording)");
    } else {
        lines << QStringLiteral("Request: %1 %2").arg(QString::fromLatin1(t.method), t.url);
        if (!t.formBody.isEmpty())
            lines << QStringLiteral("Body: %1").arg(QString::fromLatin1(t.formBody));
        lines << QStringLiteral("HTTP status: %1")
                     .arg(t.httpStatus ? QString::number(t.httpStatus) : QStringLiteral("none"))
              << QStringLiteral("Duration: %1 ms").arg(t.durationMs)
              << QStringLiteral("Bytes: %1").arg(t.bytes);
    }
    if (query.result)
        lines << QStringLiteral("Series: %1, samples: %2")
                     .arg(query.result->series.size())
                     .arg(query.result->sampleCount());
    if (!query.error.isEmpty())
        lines << QStringLiteral("Error: %1").arg(query.error);
    if (!t.answer.isEmpty()) {
        const QJsonDocument json = QJsonDocument::fromJson(t.answer);
        QString answer = json.isNull() ? QString::fromUtf8(t.answer)
                                       : QString::fromUtf8(json.toJson(QJsonDocument::Indented));
        if (t.bytes > t.answer.size())
            answer += QStringLiteral("\n… (%1 more bytes)").arg(t.bytes - t.answer.size());
        lines << QStringLiteral("Answer:") << answer;
    }
    return lines.join(QLatin1Char('\n'));
}

QString curlCommand(const RequestTrace &trace)
{
    if (trace.method.isEmpty())
        return {};
    if (trace.method == "POST")
        return QStringLiteral(
                   "curl -sS -X POST -H 'Content-Type: application/x-www-form-urlencoded' --data %1 %2")
            .arg(shellQuoted(QString::fromLatin1(trace.formBody)), shellQuoted(trace.url));
    return QStringLiteral("curl -sS %1").arg(shellQuoted(trace.url));
}

} // namespace promdeck
