#include "prometheus/PrometheusClient.h"

#include "http/HttpErrors.h"
#include "prometheus/ResponseParser.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QThreadPool>
#include <QTimer>
#include <QUrlQuery>

namespace promdeck {

Q_LOGGING_CATEGORY(lcHttp, "promdeck.http", QtWarningMsg)

namespace {

QString secondsParam(std::int64_t ms)
{
    // Exact: milliseconds written as seconds with three decimals, never through a double.
    const std::int64_t whole = ms / 1000;
    const std::int64_t frac = std::llabs(ms % 1000);
    QString s = (ms < 0 && whole == 0 ? QStringLiteral("-") : QString()) + QString::number(whole);
    if (frac)
        s += QLatin1Char('.') + QStringLiteral("%1").arg(frac, 3, 10, QLatin1Char('0'));
    return s;
}

bool isNetworkLayerError(QNetworkReply::NetworkError e)
{
    // 1-99: connection problems; 100-199: proxy problems. 200 and up are answers with a status.
    return e != QNetworkReply::NoError && e < QNetworkReply::ContentAccessDenied;
}

} // namespace

PrometheusClient::PrometheusClient(QNetworkAccessManager *network, PrometheusEndpoint endpoint,
                                   QObject *parent)
    : DataSource(parent), m_network(network), m_endpoint(std::move(endpoint))
{
}

QString PrometheusClient::description() const
{
    return displayUrl();
}

QString PrometheusClient::displayUrl() const
{
    return m_endpoint.baseUrl.toDisplayString(QUrl::RemoveUserInfo | QUrl::StripTrailingSlash);
}

QUrl PrometheusClient::apiUrl(const QString &path) const
{
    QUrl url = m_endpoint.baseUrl;
    QString prefix = url.path();
    while (prefix.endsWith(QLatin1Char('/')))
        prefix.chop(1);
    url.setPath(prefix + path);
    url.setQuery(QString());
    return url;
}

QNetworkRequest PrometheusClient::makeRequest(const QUrl &url) const
{
    QNetworkRequest request(url);
    // QNetworkAccessManager asks for gzip and inflates it transparently when no Accept-Encoding is set.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    request.setRawHeader("Accept", "application/json");
    request.setRawHeader("User-Agent", "Promdeck/" PROMDECK_VERSION);
    for (const auto &[name, value] : m_endpoint.headers)
        request.setRawHeader(name, value);
    if (m_endpoint.tls)
        request.setSslConfiguration(*m_endpoint.tls);
    return request;
}

QNetworkReply *PrometheusClient::send(const QString &path, const QUrlQuery &params, QByteArray *formBody)
{
    QUrl url = apiUrl(path);
    // Encoded by hand: QUrlQuery leaves '+' as is, and form decoding (Prometheus' ParseForm, for the
    // body and the URL alike) reads it as a space, so `a + b` would arrive as `a   b`.
    QByteArray encoded;
    for (const auto &[key, value] : params.queryItems(QUrl::FullyDecoded)) {
        if (!encoded.isEmpty())
            encoded += '&';
        encoded += QUrl::toPercentEncoding(key) + '=' + QUrl::toPercentEncoding(value);
    }
    QNetworkReply *reply = nullptr;
    if (encoded.size() > m_endpoint.postAbove) {
        if (formBody)
            *formBody = encoded;
        QNetworkRequest request = makeRequest(url);
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/x-www-form-urlencoded"));
        reply = m_network->post(request, encoded);
    } else {
        url.setQuery(QString::fromLatin1(encoded), QUrl::StrictMode);
        reply = m_network->get(makeRequest(url));
    }
    if (m_endpoint.skipTlsVerification)
        connect(reply, &QNetworkReply::sslErrors, reply, [reply] { reply->ignoreSslErrors(); });
    // Never the headers: they may carry the Authorization secret.
    qCDebug(lcHttp) << "request" << path << encoded.left(300);
    return reply;
}

void PrometheusClient::armTimeout(QNetworkReply *reply, const std::shared_ptr<bool> &timedOut)
{
    // A whole-request deadline, not Qt's transfer timeout: a slow trickle of bytes must time out too.
    auto *timer = new QTimer(reply);
    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, reply, [reply, timedOut] {
        *timedOut = true;
        reply->abort();
    });
    timer->start(m_endpoint.timeout);
}

Error PrometheusClient::networkError(QNetworkReply *reply, bool timedOut) const
{
    return networkErrorOf(reply, displayUrl(), timedOut);
}

QueryReply *PrometheusClient::sendQuery(const QString &path, QUrlQuery params)
{
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(m_endpoint.timeout).count();
    params.addQueryItem(QStringLiteral("timeout"),
                        QString::number(std::max<qint64>(1, seconds)) + QLatin1Char('s'));
    auto *result = new QueryReply(this);
    RequestTrace trace;
    QElapsedTimer clock;
    clock.start();
    QNetworkReply *reply = send(path, params, &trace.formBody);
    auto timedOut = std::make_shared<bool>(false);
    armTimeout(reply, timedOut);
    QPointer<QNetworkReply> guard(reply);
    result->setAbortHandler([guard] {
        if (QNetworkReply *r = guard.data())
            r->abort();
    });
    const QString url = displayUrl();
    trace.method = reply->operation() == QNetworkAccessManager::PostOperation ? QByteArrayLiteral("POST")
                                                                              : QByteArrayLiteral("GET");
    trace.url = reply->url().toString(QUrl::RemoveUserInfo | QUrl::FullyEncoded);
    connect(reply, &QNetworkReply::finished, result,
            [this, reply, result, timedOut, url, trace, clock]() mutable {
                reply->deleteLater();
                if (result->isFinished())
                    return;
                trace.durationMs = clock.elapsed();
                trace.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                if (isNetworkLayerError(reply->error()) ||
                    reply->error() == QNetworkReply::OperationCanceledError) {
                    QueryOutcome failed = QueryOutcome::failure(networkError(reply, *timedOut));
                    failed.trace = std::move(trace);
                    result->finish(std::move(failed));
                    return;
                }
                const int status = trace.httpStatus;
                QByteArray body = reply->readAll();
                trace.bytes = body.size();
                trace.answer = body.left(RequestTrace::MaxAnswerBytes);
                result->setAbortHandler(nullptr);
                // Parse on the pool; deliver on the GUI thread, to a reply that may meanwhile be gone.
                QPointer<QueryReply> target(result);
                QThreadPool::globalInstance()->start(
                    [body = std::move(body), status, url, target, trace = std::move(trace)]() mutable {
                        QueryOutcome outcome = parseQueryResponse(body, status, url);
                        outcome.trace = std::move(trace);
                        QMetaObject::invokeMethod(
                            QCoreApplication::instance(),
                            [target, outcome = std::move(outcome)]() mutable {
                                if (target)
                                    target->finish(std::move(outcome));
                            },
                            Qt::QueuedConnection);
                    });
            });
    // When the reply is aborted by its owner, the network request goes too.
    connect(result, &QObject::destroyed, reply, [guard] {
        if (QNetworkReply *r = guard.data())
            r->abort();
    });
    return result;
}

QueryReply *PrometheusClient::queryRange(const RangeQuery &query)
{
    QUrlQuery params;
    params.addQueryItem(QStringLiteral("query"), query.expr);
    params.addQueryItem(QStringLiteral("start"), secondsParam(query.startMs));
    params.addQueryItem(QStringLiteral("end"), secondsParam(query.endMs));
    params.addQueryItem(QStringLiteral("step"), secondsParam(std::max<std::int64_t>(1, query.stepMs)));
    return sendQuery(QStringLiteral("/api/v1/query_range"), params);
}

QueryReply *PrometheusClient::queryInstant(const InstantQuery &query)
{
    QUrlQuery params;
    params.addQueryItem(QStringLiteral("query"), query.expr);
    params.addQueryItem(QStringLiteral("time"), secondsParam(query.timeMs));
    return sendQuery(QStringLiteral("/api/v1/query"), params);
}

MetadataReply *PrometheusClient::sendMetadata(const QString &path, const QUrlQuery &params, bool expectJson)
{
    auto *result = new MetadataReply(this);
    QNetworkReply *reply = send(path, params);
    auto timedOut = std::make_shared<bool>(false);
    armTimeout(reply, timedOut);
    connect(reply, &QNetworkReply::finished, result, [this, reply, result, timedOut, expectJson] {
        reply->deleteLater();
        if (isNetworkLayerError(reply->error()) || reply->error() == QNetworkReply::OperationCanceledError) {
            result->fail(networkError(reply, *timedOut));
            return;
        }
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray body = reply->readAll();
        Error error;
        error.url = displayUrl();
        error.httpStatus = status;
        if (!expectJson) {
            if (status >= 200 && status < 300) {
                result->succeed(QJsonValue(QString::fromUtf8(body).trimmed()));
            } else {
                error.kind = Error::Kind::HttpStatus;
                error.detail = summarizeErrorBody(body);
                result->fail(error);
            }
            return;
        }
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
        if (!doc.isObject()) {
            error.kind = status >= 300 ? Error::Kind::HttpStatus : Error::Kind::MalformedResponse;
            error.detail = parseError.error != QJsonParseError::NoError && status < 300
                               ? parseError.errorString()
                               : summarizeErrorBody(body);
            result->fail(error);
            return;
        }
        const QJsonObject envelope = doc.object();
        QStringList warnings;
        for (const QJsonValue &w : envelope.value(QLatin1String("warnings")).toArray())
            warnings << w.toString();
        if (envelope.value(QLatin1String("status")).toString() != u"success") {
            error.errorType = envelope.value(QLatin1String("errorType")).toString();
            error.kind = Error::kindFromErrorType(error.errorType);
            error.detail = envelope.value(QLatin1String("error")).toString();
            result->fail(error);
            return;
        }
        result->succeed(envelope.value(QLatin1String("data")), warnings);
    });
    return result;
}

namespace {
void addMatchersAndRange(QUrlQuery &params, const QStringList &matchers, const TimeRange &range)
{
    for (const QString &m : matchers)
        params.addQueryItem(QStringLiteral("match[]"), m);
    if (range.isValid()) {
        params.addQueryItem(QStringLiteral("start"), secondsParam(range.fromMs));
        params.addQueryItem(QStringLiteral("end"), secondsParam(range.toMs));
    }
}
} // namespace

MetadataReply *PrometheusClient::labelNames(const QStringList &matchers, const TimeRange &range)
{
    QUrlQuery params;
    addMatchersAndRange(params, matchers, range);
    return sendMetadata(QStringLiteral("/api/v1/labels"), params);
}

MetadataReply *PrometheusClient::labelValues(const QString &label, const QStringList &matchers,
                                             const TimeRange &range)
{
    QUrlQuery params;
    addMatchersAndRange(params, matchers, range);
    return sendMetadata(QStringLiteral("/api/v1/label/") + label + QStringLiteral("/values"), params);
}

MetadataReply *PrometheusClient::series(const QStringList &matchers, const TimeRange &range)
{
    QUrlQuery params;
    addMatchersAndRange(params, matchers, range);
    return sendMetadata(QStringLiteral("/api/v1/series"), params);
}

MetadataReply *PrometheusClient::buildInfo()
{
    return sendMetadata(QStringLiteral("/api/v1/status/buildinfo"), {});
}

MetadataReply *PrometheusClient::metricMetadata()
{
    return sendMetadata(QStringLiteral("/api/v1/metadata"), {});
}

MetadataReply *PrometheusClient::alerts()
{
    return sendMetadata(QStringLiteral("/api/v1/alerts"), {});
}

MetadataReply *PrometheusClient::readiness()
{
    return sendMetadata(QStringLiteral("/-/ready"), {}, false);
}

} // namespace promdeck
