// In the toolbar while a playlist turns: its name, which dashboard of how many, and a Stop button.
#pragma once

#include <QWidget>

class QLabel;

namespace promdeck {

class Playlist;

class PlaylistIndicator : public QWidget
{
    Q_OBJECT
public:
    explicit PlaylistIndicator(QWidget *parent = nullptr);
    // Follows this playlist (null: nothing runs).
    void follow(const Playlist *playlist, const QString &name);

signals:
    void stopRequested();

private:
    void update(const Playlist *playlist, const QString &name);

    QLabel *m_text;
};

} // namespace promdeck
