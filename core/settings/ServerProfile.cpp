#include "settings/ServerProfile.h"

namespace promdeck {

QString authKindName(AuthKind kind)
{
    switch (kind) {
    case AuthKind::None:
        return QStringLiteral("none");
    case AuthKind::Basic:
        return QStringLiteral("basic");
    case AuthKind::Bearer:
        return QStringLiteral("bearer");
    }
    return {};
}

AuthKind authKindFromName(const QString &name)
{
    if (name == u"basic")
        return AuthKind::Basic;
    if (name == u"bearer")
        return AuthKind::Bearer;
    return AuthKind::None;
}

} // namespace promdeck
