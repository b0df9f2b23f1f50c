# PE001 is only a warning here: its findings are shown but do not fail the run.
rule "PE001" {
  severity = "warning"
}
