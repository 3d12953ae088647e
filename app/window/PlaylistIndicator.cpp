#include "window/PlaylistIndicator.h"

#include "dashboard/DashboardIndex.h"
#include "panels/Palette.h"
#include "workspace/Playlist.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

namespace promdeck {

PlaylistIndicator::PlaylistIndicator(QWidget *parent) : QWidget(parent), m_text(new QLabel(this))
{
    m_text->setAccessibleName(tr("Playlist"));
    m_text->setTextFormat(Qt::PlainText);
    QPalette badge = m_text->palette();
    badge.setColor(QPalette::Window, theme::Warning);
    badge.setColor(QPalette::WindowText, Qt::black);
    m_text->setPalette(badge);
    m_text->setAutoFillBackground(true);
    m_text->setContentsMargins(6, 2, 6, 2);
    auto *stop = new QToolButton(this);
    stop->setText(tr("■ Stop"));
    stop->setAccessibleName(tr("Stop playlist"));
    stop->setToolTip(tr("Stop the playlist (Esc)"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_text);
    layout->addWidget(stop);
    connect(stop, &QToolButton::clicked, this, &PlaylistIndicator::stopRequested);
}

void PlaylistIndicator::follow(const Playlist *playlist, const QString &name)
{
    if (playlist)
        connect(playlist, &Playlist::switched, this, [this, playlist, name] { update(playlist, name); });
    update(playlist, name);
}

void PlaylistIndicator::update(const Playlist *playlist, const QString &name)
{
    if (!playlist) {
        m_text->clear();
        m_text->setAccessibleDescription({});
        return;
    }
    const int position = playlist->position();
    const QString dashboard = position >= 0 ? playlist->dashboards()[position] : QString();
    const std::optional<DashboardEntry> entry = DashboardIndex::readEntry(dashboard);
    const QString title = name.isEmpty() ? tr("▶ Playlist") : tr("▶ Playlist “%1”").arg(name);
    m_text->setText(tr("%1 · %2 of %3: %4")
                        .arg(title)
                        .arg(position + 1)
                        .arg(playlist->dashboards().size())
                        .arg(entry ? entry->title : dashboard));
    m_text->setAccessibleDescription(m_text->text());
}

} // namespace promdeck
