// The app's diesel schema, in the shape `diesel print-schema` writes it.

diesel::table! {
    org (id) {
        id -> Integer,
        name -> Text,
    }
}

diesel::table! {
    member (id) {
        id -> Integer,
        org_id -> Integer,
        email -> Text,
        age -> Integer,
    }
}

diesel::joinable!(member -> org (org_id));
diesel::allow_tables_to_appear_in_same_query!(org, member);
