//! Fuzzes the loader: any bytes give a document or an error, never a panic or a hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = dossier::formats::detect::detect_format(data);
    match dossier::formats::load_bytes("fuzz.json", data) {
        Ok(document) => {
            // What loads must save and load again.
            let json = document.dossier.to_json();
            let again = dossier::formats::load_bytes("fuzz.json", json.as_bytes());
            if document.source_format == dossier::model::SourceFormat::Dossier {
                let again = again.unwrap_or_else(|e| panic!("saved dossier does not reload: {e}"));
                assert_eq!(
                    again.dossier, document.dossier,
                    "save → load changed the dossier"
                );
            }
        }
        Err(error) => {
            let _ = error.lines();
        }
    }
});
