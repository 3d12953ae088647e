// A real HTTP server on 127.0.0.1 for client tests: it answers each request with what the test
// scripted (a proxy's 502 page, a stall, a connection cut mid-body) and records what it received.
// Stands in for the proxies and broken port-forwards between Promdeck and Prometheus.
#pragma once

#include <QByteArray>
#include <QList>
#include <QTcpServer>
#include <functional>

namespace promdeck::test {

struct ReceivedRequest
{
    QByteArray method;
    QByteArray target; // path and query
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QByteArray header(const QByteArray &name) const;
};

class LoopbackHttpServer : public QObject
{
    Q_OBJECT
public:
    enum class Behaviour
    {
        Respond,
        Stall,
        CloseMidBody
    };
    struct Response
    {
        Behaviour behaviour = Behaviour::Respond;
        int status = 200;
        QByteArray contentType = "application/json";
        QByteArray body;
        QByteArray extraHeaders; // whole lines, each ending in \r\n (e.g. Content-Encoding)
    };
    using Handler = std::function<Response(const ReceivedRequest &)>;

    explicit LoopbackHttpServer(Handler handler, QObject *parent = nullptr);
    quint16 port() const { return m_server.serverPort(); }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(port()); }
    const QList<ReceivedRequest> &requests() const { return m_requests; }

private:
    void onConnection();
    QTcpServer m_server;
    Handler m_handler;
    QList<ReceivedRequest> m_requests;
};

} // namespace promdeck::test
