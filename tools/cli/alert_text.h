// The words of an alert, rendered when it is shown (the inbox, the engine's
// log, a webhook, a command) from its kind and arguments (engine/alert_rules.h).
#pragma once

#include <string>

#include "storage/records.h"

namespace rollout {

/// The message of |alert| in the thread's language (CurrentLang(); dates as
/// HumanDate writes them); an alert stored before schema v5 keeps its text.
std::string AlertText(const StoredAlert& alert);

}  // namespace rollout
