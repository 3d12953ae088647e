#include "connection/PortForward.h"

#include <QNetworkReply>
#include <QRegularExpression>
#include <QTcpServer>
#include <cmath>

namespace promdeck {

namespace {
constexpr int OutputLines = 200;
}

PortForward::PortForward(QNetworkAccessManager *network, Options options, QObject *parent)
    : QObject(parent), m_network(network), m_options(std::move(options))
{
    m_probeTimer.setInterval(m_options.probeIntervalMs);
    connect(&m_probeTimer, &QTimer::timeout, this, &PortForward::probe);
    m_restartTimer.setSingleShot(true);
    connect(&m_restartTimer, &QTimer::timeout, this, &PortForward::launch);
}

PortForward::~PortForward()
{
    stop();
}

QStringList PortForward::withLocalPort(const QStringList &arguments, quint16 port, quint16 *found)
{
    // kubectl's forms: LOCAL:REMOTE, :REMOTE (kubectl picks), REMOTE (same port locally).
    static const QRegularExpression mapping(QStringLiteral("^(\\d*):(\\d+)$"));
    static const QRegularExpression single(QStringLiteral("^(\\d+)$"));
    QStringList out = arguments;
    for (qsizetype i = 1; i < out.size(); ++i) {
        const auto m = mapping.match(out[i]);
        const auto s = single.match(out[i]);
        if (!m.hasMatch() && !(s.hasMatch() && out[i - 1].contains(QLatin1Char('/'))))
            continue;
        const QString remote = m.hasMatch() ? m.captured(2) : s.captured(1);
        const QString local = m.hasMatch() ? m.captured(1) : remote;
        if (port != 0)
            out[i] = QString::number(port) + QLatin1Char(':') + remote;
        if (found)
            *found = port != 0 ? port : static_cast<quint16>(local.toUInt());
        return out;
    }
    if (found)
        *found = 0;
    return out;
}

quint16 PortForward::freeLocalPort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

QUrl PortForward::localUrl() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_localPort));
}

void PortForward::start()
{
    QStringList parts = QProcess::splitCommand(m_options.command);
    if (parts.isEmpty()) {
        appendOutput(tr("no port-forward command"));
        return;
    }
    m_program = parts.takeFirst();
    m_arguments = withLocalPort(parts, m_options.autoLocalPort ? freeLocalPort() : 0, &m_localPort);
    m_attempt = 0;
    launch();
    m_probeTimer.start();
}

void PortForward::stop()
{
    m_probeTimer.stop();
    m_restartTimer.stop();
    if (m_process) {
        QProcess *p = m_process;
        m_process = nullptr;
        p->disconnect(this);
        if (p->state() != QProcess::NotRunning) {
            p->terminate();
            if (!p->waitForFinished(2000)) {
                p->kill();
                p->waitForFinished(1000);
            }
        }
        delete p;
    }
    setState(State::Stopped);
}

void PortForward::launch()
{
    if (m_process) {
        m_process->disconnect(this);
        m_process->kill();
        m_process->waitForFinished(1000);
        m_process->deleteLater();
    }
    m_failures = 0;
    m_process = new QProcess(this);
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    connect(m_process, &QProcess::readyRead, this, [this] {
        for (const QByteArray &line : m_process->readAll().split('\n'))
            if (!line.trimmed().isEmpty())
                appendOutput(QString::fromLocal8Bit(line.trimmed()));
    });
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            restartLater(tr("%1 could not be started: %2").arg(m_program, m_process->errorString()));
    });
    connect(m_process, &QProcess::finished, this, [this](int code, QProcess::ExitStatus) {
        restartLater(tr("%1 exited (code %2)").arg(m_program).arg(code));
    });
    appendOutput(QStringLiteral("$ %1 %2").arg(m_program, m_arguments.join(QLatin1Char(' '))));
    setState(State::Starting);
    m_process->start(m_program, m_arguments);
    QTimer::singleShot(300, this, &PortForward::probe); // kubectl is usually listening within this
}

void PortForward::probe()
{
    if (m_probeInFlight || m_state == State::Restarting || m_state == State::Stopped || m_localPort == 0)
        return;
    m_probeInFlight = true;
    QNetworkRequest request(QUrl(localUrl().toString() + QStringLiteral("/-/ready")));
    request.setTransferTimeout(m_options.probeTimeoutMs);
    QNetworkReply *reply = m_network->get(request);
    // Our own deadline too: a tunnel that accepts and never answers must not hold the probe forever.
    QTimer::singleShot(m_options.probeTimeoutMs + 200, reply, [reply] { reply->abort(); });
    const QProcess *probed = m_process;
    connect(reply, &QNetworkReply::finished, this, [this, reply, probed] {
        reply->deleteLater();
        m_probeInFlight = false;
        if (probed != m_process || m_state == State::Restarting || m_state == State::Stopped)
            return; // about a process that is gone
        if (reply->error() == QNetworkReply::NoError) {
            m_failures = 0;
            m_attempt = 0;
            if (m_state != State::Ready) {
                setState(State::Ready);
                emit ready();
            }
            return;
        }
        ++m_failures;
        // Not listening yet is normal while starting; a live process whose port stops answering is
        // the half-dead tunnel.
        if (m_failures >= m_options.failuresBeforeRestart &&
            (m_state == State::Ready || m_failures >= 2 * m_options.failuresBeforeRestart + 4))
            restartLater(tr("the forwarded port does not answer (%1); restarting").arg(reply->errorString()));
    });
}

void PortForward::restartLater(const QString &why)
{
    if (m_state == State::Stopped && !m_probeTimer.isActive())
        return; // stopping on purpose
    appendOutput(why);
    if (m_process && m_process->state() != QProcess::NotRunning) {
        m_process->disconnect(this);
        m_process->kill();
        m_process->waitForFinished(1000);
    }
    const double base =
        std::min<double>(m_options.backoffMaxMs, m_options.backoffMinMs * std::pow(2.0, m_attempt));
    std::uniform_real_distribution<double> jitter(0.75, 1.25);
    ++m_attempt;
    ++m_restarts;
    setState(State::Restarting);
    m_restartTimer.start(static_cast<int>(base * jitter(m_random)));
}

void PortForward::setState(State state)
{
    if (state == m_state)
        return;
    m_state = state;
    emit stateChanged(state);
}

void PortForward::appendOutput(const QString &text)
{
    m_output << text;
    while (m_output.size() > OutputLines)
        m_output.removeFirst();
    emit outputChanged();
}

} // namespace promdeck
