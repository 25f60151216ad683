//! The session form's "Totals in" field: whether totals read in the unit that suits each
//! figure (auto) or all in hours, days or weeks.

use crate::model::readable::TotalsIn;

use super::form::{Field, Form};

pub const TOTALS_IN: &str = "Totals in";

pub fn field(totals_in: TotalsIn) -> Field {
    let chosen = TotalsIn::ALL
        .iter()
        .position(|t| *t == totals_in)
        .unwrap_or(0);
    Field::choice(
        TOTALS_IN,
        "auto, or every total in hours, days or weeks",
        TotalsIn::ALL.iter().map(|t| t.name()).collect(),
    )
    .chosen(chosen)
}

/// The form with the field, set to `totals_in`.
pub fn with_field(mut form: Form, totals_in: TotalsIn) -> Form {
    form.fields.push(field(totals_in));
    form
}

/// What the form says (auto when it has no such field).
pub fn read(form: &Form) -> TotalsIn {
    let index = form.index_of(TOTALS_IN);
    if index >= form.fields.len() {
        return TotalsIn::Auto;
    }
    TotalsIn::ALL[form.chosen(index).min(TotalsIn::ALL.len() - 1)]
}
