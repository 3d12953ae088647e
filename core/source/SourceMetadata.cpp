#include "source/SourceMetadata.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTimer>

namespace promdeck {

QString SourceMetadataProvider::serverKey() const
{
    const DataSource *source = m_source.data();
    return source ? source->description() : QString();
}

void SourceMetadataProvider::fetch(const promql::MetadataRequest &request, QObject *context,
                                   std::function<void(promql::MetadataAnswer)> done)
{
    using Kind = promql::MetadataRequest::Kind;
    DataSource *source = m_source.data();
    if (!source) {
        QTimer::singleShot(0, context, [done] { done({{}, {}, QStringLiteral("no data source")}); });
        return;
    }
    const QStringList matchers = request.selector.isEmpty() ? QStringList() : QStringList{request.selector};
    MetadataReply *reply = nullptr;
    switch (request.kind) {
    case Kind::MetricNames:
        reply = source->labelValues(QStringLiteral("__name__"), matchers, m_range);
        break;
    case Kind::LabelNames:
        reply = source->labelNames(matchers, m_range);
        break;
    case Kind::LabelValues:
        reply = source->labelValues(request.label, matchers, m_range);
        break;
    case Kind::MetricMetadata:
        reply = source->metricMetadata();
        break;
    }
    QObject::connect(reply, &MetadataReply::finished, context, [reply, kind = request.kind, done] {
        reply->deleteLater();
        promql::MetadataAnswer answer;
        if (!reply->ok()) {
            answer.error = reply->error().message();
        } else if (kind == Kind::MetricMetadata) {
            const QJsonObject metrics = reply->data().toObject();
            for (auto it = metrics.begin(); it != metrics.end(); ++it) {
                // Several targets may describe a metric; the first description serves.
                const QJsonObject first = it.value().toArray().first().toObject();
                answer.metrics.insert(it.key(), {first.value(QLatin1String("type")).toString(),
                                                 first.value(QLatin1String("help")).toString(),
                                                 first.value(QLatin1String("unit")).toString()});
            }
        } else {
            answer.values = reply->strings();
        }
        done(std::move(answer));
    });
    // Nobody is left to answer: the reply goes with the context.
    QObject::connect(context, &QObject::destroyed, reply, &QObject::deleteLater);
}

} // namespace promdeck
