// A loopback TCP proxy between Promdeck and a real Prometheus that misbehaves on command, the way a
// dropped or half-dead `kubectl port-forward`, a broken load balancer or an overloaded server do.
// It runs on its own thread, so it keeps serving while the test blocks on a child process. It also
// counts the requests it forwards, by path, and the bytes each way, for tests of how much Promdeck asks.
#pragma once

#include <QMap>
#include <QMutex>
#include <QThread>
#include <QUrl>
#include <atomic>

namespace promdeck::test {

class FaultProxy
{
public:
    enum class Fault
    {
        None,            // forwards everything
        Refuse,          // stops listening: connection refused
        DropMidResponse, // forwards the first bytes of the answer, then closes
        Stall,           // accepts and reads, never answers (a half-dead tunnel)
        Trickle,         // forwards the answer one byte every 50 ms
        Reset,           // answers the request with a TCP reset
        BadGateway,      // 502 with an HTML page, as a proxy in front of a dead server says
        ServerTimeout,   // 503 with Prometheus' own `timeout` error
        CutJson,         // a complete HTTP answer whose JSON stops in the middle
    };

    explicit FaultProxy(const QUrl &upstream);
    ~FaultProxy();
    QUrl url() const;
    void setFault(Fault fault);
    Fault fault() const { return static_cast<Fault>(m_fault.load()); }
    // Requests forwarded since the last reset, by path (no query string): "/api/v1/query" -> 12.
    QMap<QByteArray, int> requestCounts() const;
    void resetRequestCounts();
    // Bytes forwarded since the last reset (as on the wire: headers, compressed bodies).
    qint64 bytesToServer() const { return m_bytesToServer.load(); }
    qint64 bytesToClient() const { return m_bytesToClient.load(); }
    void resetByteCounts()
    {
        m_bytesToServer = 0;
        m_bytesToClient = 0;
    }

private:
    friend class FaultProxyWorker;
    std::atomic<int> m_fault{0};
    std::atomic<quint16> m_port{0};
    std::atomic<qint64> m_bytesToServer{0};
    std::atomic<qint64> m_bytesToClient{0};
    mutable QMutex m_countsLock;
    QMap<QByteArray, int> m_counts;
    QThread m_thread;
    class FaultProxyWorker *m_worker = nullptr;
};

} // namespace promdeck::test
