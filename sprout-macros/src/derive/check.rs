//! Checks across a parsed struct, after every attribute is read: diesel's `belongs_to` finds
//! its field, a trait sets only fields, and a struct without a
//! declared key takes its `id` field as the key.

use syn::Error;
use syn::spanned::Spanned;

use super::Errors;
use super::ast::{Fk, Model};
use super::attr::snake_case;

/// Checks `model`, completing what the attributes leave implicit; every mistake goes to
/// `errors`.
pub(crate) fn check(model: &mut Model, errors: &mut Errors) {
    let fields = &mut model.fields;
    for (parent, foreign_key) in std::mem::take(&mut model.belongs_to) {
        let parent_name = parent
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default();
        let column = foreign_key.unwrap_or_else(|| format!("{}_id", snake_case(&parent_name)));
        match fields.iter_mut().find(|f| f.ident == column) {
            Some(field) if field.fk.is_none() => field.fk = Some(Fk::Model(parent)),
            Some(_) => {}
            None => errors.push(Error::new(
                parent.span(),
                format!("belongs_to: no field `{column}`"),
            )),
        }
    }
    for t in &model.traits {
        for (field, _) in &t.values {
            if !fields.iter().any(|f| f.ident == *field && !f.skip) {
                errors.push(Error::new(
                    field.span(),
                    format!("trait `{}` sets `{field}`, which is not a field", t.name),
                ));
            }
        }
    }
    // `fk = Self` names the struct: the emitted code uses the path outside the struct's impls
    // (an assertion, the builder's setter), where `Self` is something else or nothing.
    for field in fields.iter_mut() {
        if let Some(Fk::Model(path)) = &mut field.fk
            && path.is_ident("Self")
        {
            let span = path.span();
            *path = syn::Path::from(syn::Ident::new(&model.name.to_string(), span));
        }
    }
    // No key declared: a field named `id` is the key.
    if !fields.iter().any(|f| f.pk)
        && let Some(id) = fields.iter_mut().find(|f| f.ident == "id")
    {
        id.pk = true;
    }
}
