//! The manual page xal(1), rendered by clap_mangen from the same definitions the parser uses,
//! so it cannot fall behind the flags. It is a hidden subcommand (`xal man`) rather than a
//! build script: a build script would have to compile the clap definitions a second time on
//! every build, and packagers run the binary they ship anyway (see `packaging/deb.sh`).

use super::{Cli, Failure};

/// The page in roff: clap_mangen's sections (name, synopsis, description, options,
/// subcommands, version), then the exit codes, environment and files, which clap does not
/// know.
pub fn page() -> Result<String, Failure> {
    use clap::CommandFactory;
    let cmd = Cli::command();
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd)
        .render(&mut buf)
        .map_err(|e| Failure::Internal(format!("manual page: {e}")))?;
    let mut page = String::from_utf8_lossy(&buf).into_owned();
    page.push_str(EXTRA);
    Ok(page)
}

const EXTRA: &str = r#".SH "EXIT STATUS"
.TP
\fB0\fR
done (for \fBeval\fR, also when the answers are incomplete); for \fBdiff\fR, the two are the same
.TP
\fB1\fR
an internal or I/O failure; for \fBdiff\fR, the two differ
.TP
\fB2\fR
bad input: an unreadable or invalid file, an unknown ruleset, a bad option, or with
\fB\-\-strict\fR anything ignored or unknown; one line \fIFILE\fR:\fILINE\fR:\fICOLUMN\fR: message
on standard error each
.SH ENVIRONMENT
.TP
\fBXAL_DATA_DIR\fR
the folder of saved assessments (as \fB\-\-data\-dir\fR)
.TP
\fBXAL_LANG\fR
th or en (as \fB\-\-lang\fR); else \fBLC_ALL\fR, \fBLC_MESSAGES\fR or \fBLANG\fR
.TP
\fBNO_COLOR\fR, \fBCOLORTERM\fR, \fBTERM\fR
the colours the interface uses: none with \fBNO_COLOR\fR or \fBTERM=dumb\fR (where the
interface does not start), 16 on vt100 or linux, more with \fBTERM=*\-256color\fR or
\fBCOLORTERM=truecolor\fR; a locale that is not UTF\-8 draws in ASCII
.TP
\fBCOMPLETE\fR
set by the script of \fBxal completions\fR \fISHELL\fR: the shell asks xal for completions
.SH FILES
.TP
\fI~/.local/share/xal/assessments/\fR
one TOML file per assessment
.TP
\fI~/.config/xal/config.toml\fR, \fI~/.config/xal/rulesets/\fR, \fI~/.config/xal/themes/\fR
settings, your own rulesets and themes
.SH EXAMPLES
.nf
xal eval answers.toml \-\-format json \-\-strict
xal list \-\-format json
xal diff A B; echo $?
xal export ID \-\-format html \-o report.html
.fi
"#;

#[cfg(test)]
mod tests {
    #[test]
    fn the_page_has_every_section_in_order() {
        let page = super::page().unwrap();
        let heads: Vec<&str> = page.lines().filter(|l| l.starts_with(".SH ")).collect();
        assert_eq!(
            heads,
            [
                ".SH NAME",
                ".SH SYNOPSIS",
                ".SH DESCRIPTION",
                ".SH OPTIONS",
                ".SH SUBCOMMANDS",
                ".SH VERSION",
                ".SH \"EXIT STATUS\"",
                ".SH ENVIRONMENT",
                ".SH FILES",
                ".SH EXAMPLES",
            ]
        );
        assert!(page.contains("\n.TH xal 1 "), "{page}");
        // Every subcommand is in it, and the interface's flags with their purpose.
        for sub in ["eval", "list", "show", "export", "diff", "completions"] {
            assert!(page.contains(&format!("xal\\-{sub}")), "{sub}");
        }
    }
}
