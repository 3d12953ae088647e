#include "support/LoopbackHttpServer.h"

#include <QTcpSocket>

namespace promdeck::test {

QByteArray ReceivedRequest::header(const QByteArray &name) const
{
    for (const auto &[k, v] : headers) {
        if (k.compare(name, Qt::CaseInsensitive) == 0)
            return v;
    }
    return {};
}

LoopbackHttpServer::LoopbackHttpServer(Handler handler, QObject *parent)
    : QObject(parent), m_handler(std::move(handler))
{
    connect(&m_server, &QTcpServer::newConnection, this, &LoopbackHttpServer::onConnection);
    if (!m_server.listen(QHostAddress::LocalHost, 0))
        qFatal("cannot listen on 127.0.0.1");
}

void LoopbackHttpServer::onConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        auto buffer = std::make_shared<QByteArray>();
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket, buffer] {
            *buffer += socket->readAll();
            const qsizetype headerEnd = buffer->indexOf("\r\n\r\n");
            if (headerEnd < 0)
                return;
            ReceivedRequest request;
            const QList<QByteArray> lines = buffer->left(headerEnd).split('\n');
            const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
            request.method = first.value(0);
            request.target = first.value(1);
            qsizetype contentLength = 0;
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const qsizetype colon = lines[i].indexOf(':');
                if (colon < 0)
                    continue;
                const QByteArray name = lines[i].left(colon).trimmed();
                const QByteArray value = lines[i].mid(colon + 1).trimmed();
                request.headers.append({name, value});
                if (name.compare("content-length", Qt::CaseInsensitive) == 0)
                    contentLength = value.toLongLong();
            }
            if (buffer->size() < headerEnd + 4 + contentLength)
                return;
            request.body = buffer->mid(headerEnd + 4, contentLength);
            buffer->clear();
            m_requests.append(request);
            const Response r = m_handler(request);
            if (r.behaviour == Behaviour::Stall)
                return; // accepted, never answered: a half-dead port-forward
            QByteArray out = "HTTP/1.1 " + QByteArray::number(r.status) +
                             " X\r\nContent-Type: " + r.contentType +
                             "\r\nContent-Length: " + QByteArray::number(r.body.size()) +
                             "\r\nConnection: close\r\n" + r.extraHeaders + "\r\n";
            if (r.behaviour == Behaviour::CloseMidBody) {
                socket->write(out + r.body.left(r.body.size() / 2));
                socket->flush();
                socket->disconnectFromHost();
                return;
            }
            socket->write(out + r.body);
            socket->disconnectFromHost();
        });
    }
}

} // namespace promdeck::test
