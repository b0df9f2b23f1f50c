owner       = "platform-team"
cost_center = "CC-1042"
