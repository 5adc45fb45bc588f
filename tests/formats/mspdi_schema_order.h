// The element sequences of the Project 2007 XML schema (mspdi_pj12.xsd) that
// the MSPDI writer uses, transcribed in the schema's order from Microsoft's
// "XML Schema for the Project Element" and the "... Elements and XML
// Structure" pages of the Project 2007 SDK (Calendar, Task, Resource,
// Assignment). MS Project refuses a file whose children are out of this
// order. Only the parents the writer emits are listed; each list holds
// every child of the schema's sequence around the ones written (gaps are
// elements the writer never emits and are marked).
#pragma once

#include <map>
#include <string>
#include <vector>

namespace rollout::testing {

inline const std::map<std::string, std::vector<std::string>>& MspdiSequences() {
  static const std::map<std::string, std::vector<std::string>> kSequences = {
      {"Project",
       {"SaveVersion", "UID", "Name", "Title", "Subject", "Category", "Company", "Manager", "Author",
        "CreationDate", "Revision", "LastSaved", "ScheduleFromStart", "StartDate", "FinishDate",
        "FYStartDate", "CriticalSlackLimit", "CurrencyDigits", "CurrencySymbol", "CurrencyCode",
        "CurrencySymbolPosition", "CalendarUID", "DefaultStartTime", "DefaultFinishTime",
        "MinutesPerDay", "MinutesPerWeek", "DaysPerMonth", "DefaultTaskType",
        "DefaultFixedCostAccrual", "DefaultStandardRate", "DefaultOvertimeRate", "DurationFormat",
        "WorkFormat", "EditableActualCosts", "HonorConstraints", "EarnedValueMethod",
        "InsertedProjectsLikeSummary",
        // (gap: further project options)
        "MultipleCriticalPaths", "NewTasksEffortDriven", "NewTasksEstimated",
        "SplitsInProgressTasks", "SpreadActualCost", "SpreadPercentComplete",
        "TaskUpdatesResource", "FiscalYearStart", "WeekStartDay", "MoveCompletedEndsBack",
        "MoveRemainingStartsBack", "MoveRemainingStartsForward", "MoveCompletedEndsForward",
        "BaselineForEarnedValue", "AutoAddNewResourcesAndTasks", "StatusDate", "CurrentDate",
        "MicrosoftProjectServerURL", "Autolink", "NewTaskStartDate", "DefaultTaskEVMethod",
        "ProjectExternallyEdited", "ExtendedCreationDate", "ActualsInSync",
        "RemoveFileProperties", "AdminProject", "OutlineCodes", "WBSMasks", "ExtendedAttributes",
        "Calendars", "Tasks", "Resources", "Assignments"}},
      {"Calendars", {"Calendar"}},
      {"Calendar", {"UID", "Name", "IsBaseCalendar", "BaseCalendarUID", "WeekDays", "Exceptions", "WorkWeeks"}},
      {"WeekDays", {"WeekDay"}},
      {"WeekDay", {"DayType", "DayWorking", "TimePeriod", "WorkingTimes"}},
      {"WorkingTimes", {"WorkingTime"}},
      {"WorkingTime", {"FromTime", "ToTime"}},
      {"Exceptions", {"Exception"}},
      {"Exception",
       {"EnteredByOccurrences", "TimePeriod", "Occurrences", "Name", "Type", "Period", "DaysOfWeek",
        "MonthItem", "MonthPosition", "Month", "MonthDay", "DayWorking", "WorkingTimes"}},
      {"TimePeriod", {"FromDate", "ToDate"}},
      {"Tasks", {"Task"}},
      {"Task",
       {"UID", "ID", "Name", "Type", "IsNull", "CreateDate", "Contact", "WBS", "WBSLevel",
        "OutlineNumber", "OutlineLevel", "Priority", "Start", "Finish", "Duration",
        "DurationFormat", "Work", "Stop", "Resume", "ResumeValid", "EffortDriven", "Recurring",
        "OverAllocated", "Estimated", "Milestone", "Summary", "Critical", "IsSubproject",
        "IsSubprojectReadOnly", "SubprojectName", "ExternalTask", "ExternalTaskProject",
        "EarlyStart", "EarlyFinish", "LateStart", "LateFinish", "StartVariance",
        "FinishVariance", "WorkVariance", "FreeSlack", "TotalSlack", "FixedCost",
        "FixedCostAccrual", "PercentComplete", "PercentWorkComplete", "Cost", "OvertimeCost",
        "OvertimeWork", "ActualStart", "ActualFinish", "ActualDuration", "ActualCost",
        "ActualOvertimeCost", "ActualWork", "ActualOvertimeWork", "RegularWork",
        "RemainingDuration", "RemainingCost", "RemainingWork", "RemainingOvertimeCost",
        "RemainingOvertimeWork", "ACWP", "CV", "ConstraintType", "CalendarUID",
        "ConstraintDate", "Deadline", "LevelAssignments", "LevelingCanSplit", "LevelingDelay",
        "LevelingDelayFormat", "PreLeveledStart", "PreLeveledFinish", "Hyperlink",
        "HyperlinkAddress", "HyperlinkSubAddress", "IgnoreResourceCalendar", "Notes", "HideBar",
        "Rollup", "BCWS", "BCWP", "PhysicalPercentComplete", "EarnedValueMethod",
        "PredecessorLink", "ActualWorkProtected", "ActualOvertimeWorkProtected",
        "ExtendedAttribute", "Baseline", "IsPublished", "StatusManager", "CommitmentStart",
        "CommitmentFinish", "CommitmentType", "OutlineCode", "TimephasedData"}},
      {"PredecessorLink",
       {"PredecessorUID", "Type", "CrossProject", "CrossProjectName", "LinkLag", "LagFormat"}},
      {"Baseline",
       {"TimephasedData", "Number", "Interim", "Start", "Finish", "Duration", "DurationFormat",
        "EstimatedDuration", "Work", "Cost", "BCWS", "BCWP", "FixedCost"}},
      {"Resources", {"Resource"}},
      {"Resource",
       {"UID", "ID", "Name", "Type", "IsNull", "Initials", "Phonetics", "NTAccount",
        "MaterialLabel", "Code", "Group", "WorkGroup", "EmailAddress", "Hyperlink",
        "HyperlinkAddress", "HyperlinkSubAddress", "MaxUnits", "PeakUnits", "OverAllocated",
        "AvailableFrom", "AvailableTo", "Start", "Finish", "CanLevel", "AccrueAt", "Work",
        "RegularWork", "OvertimeWork", "ActualWork", "RemainingWork", "ActualOvertimeWork",
        "RemainingOvertimeWork", "PercentWorkComplete", "StandardRate", "StandardRateFormat",
        "Cost", "OvertimeRate", "OvertimeRateFormat", "OvertimeCost", "CostPerUse", "ActualCost",
        "ActualOvertimeCost", "RemainingCost", "RemainingOvertimeCost", "WorkVariance",
        "CostVariance", "SV", "CV", "ACWP", "CalendarUID", "Notes", "BCWS", "BCWP", "IsGeneric",
        "IsInactive", "IsEnterprise", "BookingType", "ActualWorkProtected",
        "ActualOvertimeWorkProtected", "ActiveDirectoryGUID", "CreationDate",
        "ExtendedAttribute", "Baseline", "OutlineCode", "IsCostResource", "AssnOwner",
        "AssnOwnerGuid", "IsBudget", "AvailabilityPeriods", "Rates", "TimephasedData"}},
      {"Assignments", {"Assignment"}},
      {"Assignment",
       {"UID", "TaskUID", "ResourceUID", "PercentWorkComplete", "ActualCost", "ActualFinish",
        "ActualOvertimeCost", "ActualOvertimeWork", "ActualStart", "ActualWork", "ACWP",
        "Confirmed", "Cost", "CostRateTable", "CostVariance", "CV", "Delay", "Finish",
        "FinishVariance", "Hyperlink", "HyperlinkAddress", "HyperlinkSubAddress", "WorkVariance",
        "HasFixedRateUnits", "FixedMaterial", "LevelingDelay", "LevelingDelayFormat",
        "LinkedFields", "Milestone", "Notes", "OverAllocated", "OvertimeCost", "OvertimeWork",
        "PeakUnits", "RegularWork", "RemainingCost", "RemainingOvertimeCost",
        "RemainingOvertimeWork", "RemainingWork", "ResponsePending", "Start", "Stop", "Resume",
        "StartVariance", "Summary", "SV", "Units", "UpdateNeeded", "VAC", "Work", "WorkContour",
        "BCWS", "BCWP", "BookingType", "ActualWorkProtected", "ActualOvertimeWorkProtected",
        "CreationDate", "AssnOwner", "AssnOwnerGuid", "BudgetCost", "BudgetWork",
        "ExtendedAttribute", "Baseline", "TimephasedData"}},
  };
  return kSequences;
}

}  // namespace rollout::testing
