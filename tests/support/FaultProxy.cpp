#include "support/FaultProxy.h"

#include <QMetaObject>
#include <QPointer>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <sys/socket.h>

namespace promdeck::test {

class FaultProxyWorker : public QObject
{
public:
    // The server is a child, so moveToThread() takes it along: its socket notifier must live on the
    // proxy's thread, not on the test's.
    FaultProxyWorker(FaultProxy *owner, QUrl upstream)
        : m_owner(owner), m_upstream(std::move(upstream)), m_server(this)
    {
    }

    void listen()
    {
        if (m_server.isListening())
            return;
        m_server.listen(QHostAddress::LocalHost, m_owner->m_port.load());
        m_owner->m_port = m_server.serverPort();
        QObject::connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *client = m_server.nextPendingConnection())
                serve(client);
        });
    }

    void applyFault(FaultProxy::Fault fault)
    {
        if (fault == FaultProxy::Fault::Refuse) {
            m_server.close();
            for (const QPointer<QTcpSocket> &c : m_clients)
                if (c)
                    c->abort();
        } else {
            listen();
        }
    }

private:
    FaultProxy::Fault fault() const { return m_owner->fault(); }

    void serve(QTcpSocket *client)
    {
        m_clients << client;
        QObject::connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
        auto *upstream = new QTcpSocket(client);
        QObject::connect(client, &QTcpSocket::readyRead, client, [this, client, upstream] {
            const QByteArray request = client->readAll();
            switch (fault()) {
            case FaultProxy::Fault::Stall:
                return; // read and forgotten: the client waits for its own timeout
            case FaultProxy::Fault::Reset: {
                // SO_LINGER 0 turns close() into a reset instead of an orderly FIN.
                const linger hard{1, 0};
                ::setsockopt(static_cast<int>(client->socketDescriptor()), SOL_SOCKET, SO_LINGER, &hard,
                             sizeof hard);
                client->abort();
                return;
            }
            case FaultProxy::Fault::BadGateway:
                answer(client, "502 Bad Gateway", "text/html",
                       "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad "
                       "Gateway</h1></center><hr><center>nginx</center></body></html>\r\n");
                return;
            case FaultProxy::Fault::ServerTimeout:
                answer(client, "503 Service Unavailable", "application/json",
                       "{\"status\":\"error\",\"errorType\":\"timeout\",\"error\":\"query timed out in query "
                       "execution\"}");
                return;
            case FaultProxy::Fault::CutJson:
                answer(client, "200 OK", "application/json",
                       "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{"
                       "\"__name__\":\"up\",\"job\":\"fastapi\"},\"values\":[[1767571200,\"1\"],[17675");
                return;
            default:
                break;
            }
            count(client, request);
            m_owner->m_bytesToServer += request.size();
            if (upstream->state() == QAbstractSocket::UnconnectedState)
                upstream->connectToHost(m_upstream.host(), static_cast<quint16>(m_upstream.port()));
            upstream->write(request);
        });
        QObject::connect(upstream, &QTcpSocket::readyRead, client, [this, client, upstream] {
            const QByteArray bytes = upstream->readAll();
            switch (fault()) {
            case FaultProxy::Fault::DropMidResponse:
                client->write(bytes.left(std::min<qsizetype>(bytes.size() / 2, 300)));
                client->flush();
                client->disconnectFromHost();
                upstream->abort();
                return;
            case FaultProxy::Fault::Trickle:
                trickle(client, bytes);
                return;
            default:
                m_owner->m_bytesToClient += bytes.size();
                client->write(bytes);
            }
        });
        QObject::connect(upstream, &QTcpSocket::disconnected, client, [client] {
            if (client->property("trickle").toByteArray().isEmpty())
                client->disconnectFromHost();
        });
    }

    // Request lines ("POST /api/v1/query HTTP/1.1") in what a connection sent, which may come in pieces:
    // the unfinished last line waits for the rest.
    void count(QTcpSocket *client, const QByteArray &bytes)
    {
        static const QRegularExpression requestLine(
            QStringLiteral("([A-Z]+) ([^ ?]+)(\\?[^ ]*)? HTTP/1\\.[01]$"));
        QByteArray pending = client->property("unparsed").toByteArray() + bytes;
        qsizetype end;
        while ((end = pending.indexOf("\r\n")) >= 0) {
            const QRegularExpressionMatch m = requestLine.match(QString::fromLatin1(pending.left(end)));
            pending.remove(0, end + 2);
            if (!m.hasMatch())
                continue;
            QMutexLocker lock(&m_owner->m_countsLock);
            ++m_owner->m_counts[m.captured(2).toLatin1()];
        }
        client->setProperty("unparsed", pending.right(4096));
    }

    // One queue and one timer per connection, so the bytes keep their order.
    static void trickle(QTcpSocket *client, const QByteArray &bytes)
    {
        auto *timer = client->findChild<QTimer *>(QStringLiteral("trickle"));
        if (!timer) {
            timer = new QTimer(client);
            timer->setObjectName(QStringLiteral("trickle"));
            QObject::connect(timer, &QTimer::timeout, client, [client] {
                QByteArray rest = client->property("trickle").toByteArray();
                if (rest.isEmpty())
                    return;
                client->write(rest.left(1));
                client->setProperty("trickle", rest.mid(1));
            });
            timer->start(50);
        }
        client->setProperty("trickle", QByteArray(client->property("trickle").toByteArray() + bytes));
    }

    static void answer(QTcpSocket *client, const char *status, const char *type, const QByteArray &body)
    {
        client->write("HTTP/1.1 " + QByteArray(status) + "\r\nContent-Type: " + QByteArray(type) +
                      "\r\nContent-Length: " + QByteArray::number(body.size()) +
                      "\r\nConnection: close\r\n\r\n" + body);
        client->disconnectFromHost();
    }

    FaultProxy *m_owner;
    QUrl m_upstream;
    QTcpServer m_server;
    QList<QPointer<QTcpSocket>> m_clients;
};

FaultProxy::FaultProxy(const QUrl &upstream)
{
    m_worker = new FaultProxyWorker(this, upstream);
    m_worker->moveToThread(&m_thread);
    m_thread.start();
    QMetaObject::invokeMethod(
        m_worker, [this] { m_worker->listen(); }, Qt::BlockingQueuedConnection);
}

FaultProxy::~FaultProxy()
{
    QMetaObject::invokeMethod(
        m_worker, [this] { delete m_worker; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

QUrl FaultProxy::url() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port.load()));
}

QMap<QByteArray, int> FaultProxy::requestCounts() const
{
    QMutexLocker lock(&m_countsLock);
    return m_counts;
}

void FaultProxy::resetRequestCounts()
{
    QMutexLocker lock(&m_countsLock);
    m_counts.clear();
}

void FaultProxy::setFault(Fault fault)
{
    m_fault = static_cast<int>(fault);
    QMetaObject::invokeMethod(
        m_worker, [this, fault] { m_worker->applyFault(fault); }, Qt::BlockingQueuedConnection);
}

} // namespace promdeck::test
