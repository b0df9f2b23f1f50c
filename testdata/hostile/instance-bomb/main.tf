resource "aws_sqs_queue" "q0" {
  count = 10000
}

resource "aws_sqs_queue" "q1" {
  count = 10000
}

resource "aws_sqs_queue" "q2" {
  count = 10000
}

resource "aws_sqs_queue" "q3" {
  count = 10000
}

resource "aws_sqs_queue" "q4" {
  count = 10000
}

resource "aws_sqs_queue" "q5" {
  count = 10000
}

resource "aws_sqs_queue" "q6" {
  count = 10000
}

resource "aws_sqs_queue" "q7" {
  count = 10000
}

resource "aws_sqs_queue" "q8" {
  count = 10000
}

resource "aws_sqs_queue" "q9" {
  count = 10000
}

resource "aws_sqs_queue" "q10" {
  count = 10000
}

resource "aws_sqs_queue" "q11" {
  count = 10000
}

resource "aws_sqs_queue" "q12" {
  count = 10000
}

resource "aws_sqs_queue" "q13" {
  count = 10000
}

resource "aws_sqs_queue" "q14" {
  count = 10000
}

resource "aws_sqs_queue" "q15" {
  count = 10000
}

resource "aws_sqs_queue" "q16" {
  count = 10000
}

resource "aws_sqs_queue" "q17" {
  count = 10000
}

resource "aws_sqs_queue" "q18" {
  count = 10000
}

resource "aws_sqs_queue" "q19" {
  count = 10000
}

resource "aws_sqs_queue" "q20" {
  count = 10000
}

resource "aws_sqs_queue" "q21" {
  count = 10000
}

resource "aws_sqs_queue" "q22" {
  count = 10000
}

resource "aws_sqs_queue" "q23" {
  count = 10000
}

resource "aws_sqs_queue" "q24" {
  count = 10000
}

resource "aws_sqs_queue" "q25" {
  count = 10000
}

resource "aws_sqs_queue" "q26" {
  count = 10000
}

resource "aws_sqs_queue" "q27" {
  count = 10000
}

resource "aws_sqs_queue" "q28" {
  count = 10000
}

resource "aws_sqs_queue" "q29" {
  count = 10000
}

resource "aws_sqs_queue" "q30" {
  count = 10000
}

resource "aws_sqs_queue" "q31" {
  count = 10000
}

resource "aws_sqs_queue" "q32" {
  count = 10000
}

resource "aws_sqs_queue" "q33" {
  count = 10000
}

resource "aws_sqs_queue" "q34" {
  count = 10000
}

resource "aws_sqs_queue" "q35" {
  count = 10000
}

resource "aws_sqs_queue" "q36" {
  count = 10000
}

resource "aws_sqs_queue" "q37" {
  count = 10000
}

resource "aws_sqs_queue" "q38" {
  count = 10000
}

resource "aws_sqs_queue" "q39" {
  count = 10000
}

resource "aws_sqs_queue" "q40" {
  count = 10000
}

resource "aws_sqs_queue" "q41" {
  count = 10000
}

resource "aws_sqs_queue" "q42" {
  count = 10000
}

resource "aws_sqs_queue" "q43" {
  count = 10000
}

resource "aws_sqs_queue" "q44" {
  count = 10000
}

resource "aws_sqs_queue" "q45" {
  count = 10000
}

resource "aws_sqs_queue" "q46" {
  count = 10000
}

resource "aws_sqs_queue" "q47" {
  count = 10000
}

resource "aws_sqs_queue" "q48" {
  count = 10000
}

resource "aws_sqs_queue" "q49" {
  count = 10000
}

resource "aws_sqs_queue" "q50" {
  count = 10000
}

resource "aws_sqs_queue" "q51" {
  count = 10000
}

resource "aws_sqs_queue" "q52" {
  count = 10000
}

resource "aws_sqs_queue" "q53" {
  count = 10000
}

resource "aws_sqs_queue" "q54" {
  count = 10000
}

resource "aws_sqs_queue" "q55" {
  count = 10000
}

resource "aws_sqs_queue" "q56" {
  count = 10000
}

resource "aws_sqs_queue" "q57" {
  count = 10000
}

resource "aws_sqs_queue" "q58" {
  count = 10000
}

resource "aws_sqs_queue" "q59" {
  count = 10000
}

resource "aws_sqs_queue" "q60" {
  count = 10000
}

resource "aws_sqs_queue" "q61" {
  count = 10000
}

resource "aws_sqs_queue" "q62" {
  count = 10000
}

resource "aws_sqs_queue" "q63" {
  count = 10000
}

resource "aws_sqs_queue" "q64" {
  count = 10000
}

resource "aws_sqs_queue" "q65" {
  count = 10000
}

resource "aws_sqs_queue" "q66" {
  count = 10000
}

resource "aws_sqs_queue" "q67" {
  count = 10000
}

resource "aws_sqs_queue" "q68" {
  count = 10000
}

resource "aws_sqs_queue" "q69" {
  count = 10000
}

resource "aws_sqs_queue" "q70" {
  count = 10000
}

resource "aws_sqs_queue" "q71" {
  count = 10000
}

resource "aws_sqs_queue" "q72" {
  count = 10000
}

resource "aws_sqs_queue" "q73" {
  count = 10000
}

resource "aws_sqs_queue" "q74" {
  count = 10000
}

resource "aws_sqs_queue" "q75" {
  count = 10000
}

resource "aws_sqs_queue" "q76" {
  count = 10000
}

resource "aws_sqs_queue" "q77" {
  count = 10000
}

resource "aws_sqs_queue" "q78" {
  count = 10000
}

resource "aws_sqs_queue" "q79" {
  count = 10000
}

resource "aws_sqs_queue" "q80" {
  count = 10000
}

resource "aws_sqs_queue" "q81" {
  count = 10000
}

resource "aws_sqs_queue" "q82" {
  count = 10000
}

resource "aws_sqs_queue" "q83" {
  count = 10000
}

resource "aws_sqs_queue" "q84" {
  count = 10000
}

resource "aws_sqs_queue" "q85" {
  count = 10000
}

resource "aws_sqs_queue" "q86" {
  count = 10000
}

resource "aws_sqs_queue" "q87" {
  count = 10000
}

resource "aws_sqs_queue" "q88" {
  count = 10000
}

resource "aws_sqs_queue" "q89" {
  count = 10000
}

resource "aws_sqs_queue" "q90" {
  count = 10000
}

resource "aws_sqs_queue" "q91" {
  count = 10000
}

resource "aws_sqs_queue" "q92" {
  count = 10000
}

resource "aws_sqs_queue" "q93" {
  count = 10000
}

resource "aws_sqs_queue" "q94" {
  count = 10000
}

resource "aws_sqs_queue" "q95" {
  count = 10000
}

resource "aws_sqs_queue" "q96" {
  count = 10000
}

resource "aws_sqs_queue" "q97" {
  count = 10000
}

resource "aws_sqs_queue" "q98" {
  count = 10000
}

resource "aws_sqs_queue" "q99" {
  count = 10000
}

resource "aws_sqs_queue" "q100" {
  count = 10000
}

resource "aws_sqs_queue" "q101" {
  count = 10000
}

resource "aws_sqs_queue" "q102" {
  count = 10000
}

resource "aws_sqs_queue" "q103" {
  count = 10000
}

resource "aws_sqs_queue" "q104" {
  count = 10000
}

resource "aws_sqs_queue" "q105" {
  count = 10000
}

resource "aws_sqs_queue" "q106" {
  count = 10000
}

resource "aws_sqs_queue" "q107" {
  count = 10000
}

resource "aws_sqs_queue" "q108" {
  count = 10000
}

resource "aws_sqs_queue" "q109" {
  count = 10000
}

resource "aws_sqs_queue" "q110" {
  count = 10000
}

resource "aws_sqs_queue" "q111" {
  count = 10000
}

resource "aws_sqs_queue" "q112" {
  count = 10000
}

resource "aws_sqs_queue" "q113" {
  count = 10000
}

resource "aws_sqs_queue" "q114" {
  count = 10000
}

resource "aws_sqs_queue" "q115" {
  count = 10000
}

resource "aws_sqs_queue" "q116" {
  count = 10000
}

resource "aws_sqs_queue" "q117" {
  count = 10000
}

resource "aws_sqs_queue" "q118" {
  count = 10000
}

resource "aws_sqs_queue" "q119" {
  count = 10000
}

resource "aws_sqs_queue" "q120" {
  count = 10000
}

resource "aws_sqs_queue" "q121" {
  count = 10000
}

resource "aws_sqs_queue" "q122" {
  count = 10000
}

resource "aws_sqs_queue" "q123" {
  count = 10000
}

resource "aws_sqs_queue" "q124" {
  count = 10000
}

resource "aws_sqs_queue" "q125" {
  count = 10000
}

resource "aws_sqs_queue" "q126" {
  count = 10000
}

resource "aws_sqs_queue" "q127" {
  count = 10000
}

resource "aws_sqs_queue" "q128" {
  count = 10000
}

resource "aws_sqs_queue" "q129" {
  count = 10000
}

resource "aws_sqs_queue" "q130" {
  count = 10000
}

resource "aws_sqs_queue" "q131" {
  count = 10000
}

resource "aws_sqs_queue" "q132" {
  count = 10000
}

resource "aws_sqs_queue" "q133" {
  count = 10000
}

resource "aws_sqs_queue" "q134" {
  count = 10000
}

resource "aws_sqs_queue" "q135" {
  count = 10000
}

resource "aws_sqs_queue" "q136" {
  count = 10000
}

resource "aws_sqs_queue" "q137" {
  count = 10000
}

resource "aws_sqs_queue" "q138" {
  count = 10000
}

resource "aws_sqs_queue" "q139" {
  count = 10000
}

resource "aws_sqs_queue" "q140" {
  count = 10000
}

resource "aws_sqs_queue" "q141" {
  count = 10000
}

resource "aws_sqs_queue" "q142" {
  count = 10000
}

resource "aws_sqs_queue" "q143" {
  count = 10000
}

resource "aws_sqs_queue" "q144" {
  count = 10000
}

resource "aws_sqs_queue" "q145" {
  count = 10000
}

resource "aws_sqs_queue" "q146" {
  count = 10000
}

resource "aws_sqs_queue" "q147" {
  count = 10000
}

resource "aws_sqs_queue" "q148" {
  count = 10000
}

resource "aws_sqs_queue" "q149" {
  count = 10000
}

resource "aws_sqs_queue" "q150" {
  count = 10000
}

resource "aws_sqs_queue" "q151" {
  count = 10000
}

resource "aws_sqs_queue" "q152" {
  count = 10000
}

resource "aws_sqs_queue" "q153" {
  count = 10000
}

resource "aws_sqs_queue" "q154" {
  count = 10000
}

resource "aws_sqs_queue" "q155" {
  count = 10000
}

resource "aws_sqs_queue" "q156" {
  count = 10000
}

resource "aws_sqs_queue" "q157" {
  count = 10000
}

resource "aws_sqs_queue" "q158" {
  count = 10000
}

resource "aws_sqs_queue" "q159" {
  count = 10000
}

resource "aws_sqs_queue" "q160" {
  count = 10000
}

resource "aws_sqs_queue" "q161" {
  count = 10000
}

resource "aws_sqs_queue" "q162" {
  count = 10000
}

resource "aws_sqs_queue" "q163" {
  count = 10000
}

resource "aws_sqs_queue" "q164" {
  count = 10000
}

resource "aws_sqs_queue" "q165" {
  count = 10000
}

resource "aws_sqs_queue" "q166" {
  count = 10000
}

resource "aws_sqs_queue" "q167" {
  count = 10000
}

resource "aws_sqs_queue" "q168" {
  count = 10000
}

resource "aws_sqs_queue" "q169" {
  count = 10000
}

resource "aws_sqs_queue" "q170" {
  count = 10000
}

resource "aws_sqs_queue" "q171" {
  count = 10000
}

resource "aws_sqs_queue" "q172" {
  count = 10000
}

resource "aws_sqs_queue" "q173" {
  count = 10000
}

resource "aws_sqs_queue" "q174" {
  count = 10000
}

resource "aws_sqs_queue" "q175" {
  count = 10000
}

resource "aws_sqs_queue" "q176" {
  count = 10000
}

resource "aws_sqs_queue" "q177" {
  count = 10000
}

resource "aws_sqs_queue" "q178" {
  count = 10000
}

resource "aws_sqs_queue" "q179" {
  count = 10000
}

resource "aws_sqs_queue" "q180" {
  count = 10000
}

resource "aws_sqs_queue" "q181" {
  count = 10000
}

resource "aws_sqs_queue" "q182" {
  count = 10000
}

resource "aws_sqs_queue" "q183" {
  count = 10000
}

resource "aws_sqs_queue" "q184" {
  count = 10000
}

resource "aws_sqs_queue" "q185" {
  count = 10000
}

resource "aws_sqs_queue" "q186" {
  count = 10000
}

resource "aws_sqs_queue" "q187" {
  count = 10000
}

resource "aws_sqs_queue" "q188" {
  count = 10000
}

resource "aws_sqs_queue" "q189" {
  count = 10000
}

resource "aws_sqs_queue" "q190" {
  count = 10000
}

resource "aws_sqs_queue" "q191" {
  count = 10000
}

resource "aws_sqs_queue" "q192" {
  count = 10000
}

resource "aws_sqs_queue" "q193" {
  count = 10000
}

resource "aws_sqs_queue" "q194" {
  count = 10000
}

resource "aws_sqs_queue" "q195" {
  count = 10000
}

resource "aws_sqs_queue" "q196" {
  count = 10000
}

resource "aws_sqs_queue" "q197" {
  count = 10000
}

resource "aws_sqs_queue" "q198" {
  count = 10000
}

resource "aws_sqs_queue" "q199" {
  count = 10000
}

