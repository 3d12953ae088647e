#include "prometheus/PrometheusClient.h"

#include "http/ContentEncoding.h"
#include "http/HttpErrors.h"
#include "prometheus/ResponseParser.h"

#include <QByteArrayList>
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

namespace {
// Answers are inflated and parsed on a pool of their own. Qt 6.4's raster painting spreads large fills
// over QThreadPool::globalInstance() and waits for them: with a gzip bomb or a 2,000,000-point answer
// parsing there, every paint of the window waited seconds behind it (the window froze for over a
// minute under hostile.window's gzip bomb).
Q_GLOBAL_STATIC(QThreadPool, answerPool)
} // namespace

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
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    request.setMaximumRedirectsAllowed(10);
    // Asked for by name, so that Qt leaves the answer compressed and decodeContent inflates it with a
    // bound (Qt inflates without one, and names a bomb "illegal value").
    request.setRawHeader("Accept-Encoding", AcceptedEncodings);
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
    const QString expr = params.queryItemValue(QStringLiteral("query"), QUrl::FullyDecoded);
    m_open.insert(reply, expr.isEmpty() ? path : path + QLatin1Char(' ') + Error::shortened(expr, 200));
    connect(reply, &QObject::destroyed, this, [this, reply] { m_open.remove(reply); });
    connect(reply, &QNetworkReply::finished, this, [this, reply] { m_open.remove(reply); });
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

struct PrometheusClient::CollectedBody
{
    // Kept as the pieces that arrived, joined once at the end: a growing buffer would briefly hold
    // twice the limit each time it doubled.
    QByteArrayList pieces;
    qint64 size = 0;
    bool lengthChecked = false;
    bool tooLarge = false;

    QByteArray take()
    {
        QByteArray whole;
        whole.reserve(size);
        for (QByteArray &piece : pieces) {
            whole += piece;
            piece = QByteArray();
        }
        pieces.clear();
        return whole;
    }
};

std::shared_ptr<PrometheusClient::CollectedBody> PrometheusClient::collectBody(QNetworkReply *reply) const
{
    // Read as it arrives (inflated, when the server compressed it), so that an answer past the limit
    // is abandoned after `limit` bytes instead of held whole: a 600 MB body or a gzip bomb. An answer
    // that announces a larger size is abandoned before its first byte is kept.
    auto collected = std::make_shared<CollectedBody>();
    const qint64 limit = m_endpoint.maxResponseBytes;
    const auto take = [reply, collected, limit] {
        if (collected->tooLarge || !reply->isOpen())
            return;
        const auto giveUp = [&] {
            collected->tooLarge = true;
            collected->pieces.clear();
            reply->abort();
        };
        if (!collected->lengthChecked) {
            collected->lengthChecked = true;
            bool known = false;
            const qint64 declared = reply->header(QNetworkRequest::ContentLengthHeader).toLongLong(&known);
            if (limit > 0 && known && declared > limit)
                return giveUp();
        }
        QByteArray piece = reply->readAll();
        collected->size += piece.size();
        if (limit > 0 && collected->size > limit)
            return giveUp();
        if (!piece.isEmpty())
            collected->pieces.append(std::move(piece));
    };
    connect(reply, &QNetworkReply::readyRead, reply, take);
    connect(reply, &QNetworkReply::finished, reply, take, Qt::DirectConnection);
    return collected;
}

Error PrometheusClient::tooLargeError(QNetworkReply *reply) const
{
    Error error = Error::plain(
        Error::Kind::MalformedResponse,
        QStringLiteral("the answer is larger than the %1 MB limit").arg(m_endpoint.maxResponseBytes >> 20));
    error.url = displayUrl();
    error.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    return error;
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
    const qsizetype maxSeries = m_endpoint.maxSeries;
    const qint64 limit = m_endpoint.maxResponseBytes;
    const auto collected = collectBody(reply);
    connect(reply, &QNetworkReply::finished, result,
            [this, reply, result, timedOut, url, trace, clock, maxSeries, limit, collected]() mutable {
                reply->deleteLater();
                if (result->isFinished())
                    return;
                trace.durationMs = clock.elapsed();
                trace.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                const auto fail = [&](Error error) {
                    QueryOutcome failed = QueryOutcome::failure(std::move(error));
                    failed.trace = std::move(trace);
                    result->finish(std::move(failed));
                };
                if (collected->tooLarge)
                    return fail(tooLargeError(reply));
                if (isNetworkLayerError(reply->error()) ||
                    reply->error() == QNetworkReply::OperationCanceledError)
                    return fail(networkError(reply, *timedOut));
                const int status = trace.httpStatus;
                QByteArray body = collected->take();
                trace.bytes = body.size(); // as it came over the wire, compressed or not
                result->setAbortHandler(nullptr);
                // Inflate and parse on the pool; deliver on the GUI thread, to a reply that may
                // meanwhile be gone.
                QPointer<QueryReply> target(result);
                const QByteArray encoding = reply->rawHeader("Content-Encoding");
                answerPool()->start([body = std::move(body), encoding, status, url, target,
                                     trace = std::move(trace), maxSeries, limit]() mutable {
                    Result<QByteArray> decoded = decodeContent(std::move(body), encoding, limit);
                    QueryOutcome outcome;
                    if (decoded) {
                        trace.answer = decoded->left(RequestTrace::MaxAnswerBytes);
                        outcome = parseQueryResponse(*decoded, status, url, maxSeries);
                    } else {
                        Error error = decoded.error();
                        error.url = url;
                        error.httpStatus = status;
                        outcome = QueryOutcome::failure(error);
                    }
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

namespace {
// What a metadata answer says: its data and warnings, or why not.
struct MetadataAnswer
{
    bool ok = false;
    QJsonValue data;
    QStringList warnings;
    Error error;
};

MetadataAnswer readMetadataAnswer(QByteArray body, const QByteArray &encoding, int status, const QString &url,
                                  bool expectJson, qint64 limit)
{
    MetadataAnswer answer;
    Result<QByteArray> decoded = decodeContent(std::move(body), encoding, limit);
    answer.error.url = url;
    answer.error.httpStatus = status;
    if (!decoded) {
        answer.error = decoded.error();
        answer.error.url = url;
        answer.error.httpStatus = status;
        return answer;
    }
    const QByteArray content = std::move(*decoded);
    if (!expectJson) {
        if (status >= 200 && status < 300) {
            answer.ok = true;
            answer.data = QJsonValue(QString::fromUtf8(content).trimmed());
        } else {
            answer.error.kind = Error::Kind::HttpStatus;
            answer.error.detail = summarizeErrorBody(content);
        }
        return answer;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(content, &parseError);
    if (!doc.isObject()) {
        // The same words a panel would say for the same answer.
        answer.error = unreadableAnswerError(content, status, url);
        return answer;
    }
    const QJsonObject envelope = doc.object();
    for (const QJsonValue &w : envelope.value(QLatin1String("warnings")).toArray())
        answer.warnings << w.toString();
    if (envelope.value(QLatin1String("status")).toString() != u"success") {
        answer.error.errorType = envelope.value(QLatin1String("errorType")).toString();
        answer.error.kind = Error::kindFromErrorType(answer.error.errorType);
        answer.error.detail = Error::shortened(envelope.value(QLatin1String("error")).toString());
        return answer;
    }
    answer.ok = true;
    answer.data = envelope.value(QLatin1String("data"));
    return answer;
}
} // namespace

MetadataReply *PrometheusClient::sendMetadata(const QString &path, const QUrlQuery &params, bool expectJson)
{
    auto *result = new MetadataReply(this);
    QNetworkReply *reply = send(path, params);
    auto timedOut = std::make_shared<bool>(false);
    armTimeout(reply, timedOut);
    const auto collected = collectBody(reply);
    connect(reply, &QNetworkReply::finished, result, [this, reply, result, timedOut, expectJson, collected] {
        reply->deleteLater();
        if (collected->tooLarge) {
            result->fail(tooLargeError(reply));
            return;
        }
        if (isNetworkLayerError(reply->error()) || reply->error() == QNetworkReply::OperationCanceledError) {
            result->fail(networkError(reply, *timedOut));
            return;
        }
        // Inflating and parsing on the pool, as for queries: a label with 100,000 values, or an answer
        // inflating to the size limit, took seconds of the GUI thread.
        QPointer<MetadataReply> target(result);
        answerPool()->start([body = collected->take(), encoding = reply->rawHeader("Content-Encoding"),
                             status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
                             url = displayUrl(), expectJson, limit = m_endpoint.maxResponseBytes,
                             target]() mutable {
            MetadataAnswer answer =
                readMetadataAnswer(std::move(body), encoding, status, url, expectJson, limit);
            QMetaObject::invokeMethod(
                QCoreApplication::instance(),
                [target, answer = std::move(answer)]() mutable {
                    if (!target)
                        return;
                    if (answer.ok)
                        target->succeed(std::move(answer.data), std::move(answer.warnings));
                    else
                        target->fail(std::move(answer.error));
                },
                Qt::QueuedConnection);
        });
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

QStringList PrometheusClient::openRequests() const
{
    QStringList out = m_open.values();
    out.sort();
    return out;
}

} // namespace promdeck
