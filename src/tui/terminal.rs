//! Owning the terminal: raw mode and the alternate screen in, and always back out — on a normal
//! exit, a panic, a signal, or a terminal that vanished with its SSH connection.
//!
//! Input comes from two threads into one channel: one reads keys with crossterm, one waits for
//! signals. crossterm's reader spins on a hung-up tty (it retries EOF and EIO forever), so the
//! input thread asks the kernel first (`poll` with `POLLHUP`), and the main thread checks again
//! whenever it wakes, so even a stuck reader cannot keep the program alive for more than a second.
//!
//! Frames go through one 64 KiB buffer whose `flush` waits for the end of the frame, so each
//! frame leaves as one write (ratatui and crossterm flush several times per frame otherwise).

use std::io::{self, BufWriter, IsTerminal, Read, Stdout, Write};
use std::os::fd::{AsFd, BorrowedFd};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Once};
use std::thread;
use std::time::{Duration, Instant};

use crossterm::event::{
    self as ct, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste,
    EnableMouseCapture, Event, KeyEvent, KeyEventKind, MouseEvent,
};
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen};
use crossterm::{cursor, execute};
use ratatui::backend::{Backend, CrosstermBackend};
use ratatui::layout::{Rect, Size};
use ratatui::{Frame, Terminal};
use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGTERM, SIGWINCH};
use signal_hook::iterator::Signals;

use super::caps::ColorDepth;

/// What the main loop gets next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Paste(String),
    /// The size changed or the program came back from a suspend: draw the whole frame.
    Redraw,
    /// From the event source only: the process was continued after a stop. [`Tui::next_input`]
    /// takes the terminal back and hands the loop a [`Input::Redraw`] instead.
    Resumed,
    /// Nothing happened before the timeout.
    Tick,
    /// Save and leave now.
    Stop(StopReason),
    /// What a thread of the runner's reported: a write done, a listing, git's answer
    /// ([`super::effects::Runner::deliver`] hands it to the app).
    Outcome(super::effects::Outcome),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StopReason {
    /// SIGTERM, SIGINT, or a request through [`Shutdown::request`].
    Terminate,
    /// SIGHUP, or the terminal is gone: EOF, EIO, a failed write.
    HangUp,
}

/// Flags that signal handlers set and the loop reads; any part of the program may also ask
/// for "save and exit" through them.
#[derive(Clone, Debug, Default)]
pub struct Shutdown {
    terminate: Arc<AtomicBool>,
    hangup: Arc<AtomicBool>,
    /// The number of the last signal that asked to stop, for the exit status.
    signal: Arc<std::sync::atomic::AtomicUsize>,
}

impl Shutdown {
    pub fn new() -> Shutdown {
        Shutdown::default()
    }

    pub fn request(&self, reason: StopReason) {
        match reason {
            StopReason::Terminate => self.terminate.store(true, Ordering::SeqCst),
            StopReason::HangUp => self.hangup.store(true, Ordering::SeqCst),
        }
    }

    /// A hang-up wins: with no terminal there is nobody to show anything to.
    pub fn requested(&self) -> Option<StopReason> {
        if self.hangup.load(Ordering::SeqCst) {
            Some(StopReason::HangUp)
        } else if self.terminate.load(Ordering::SeqCst) {
            Some(StopReason::Terminate)
        } else {
            None
        }
    }

    /// The signal that asked to stop, if one did.
    pub fn signal(&self) -> Option<i32> {
        match self.signal.load(Ordering::SeqCst) {
            0 => None,
            n => i32::try_from(n).ok(),
        }
    }

    /// SIGTERM and SIGINT ask to terminate, SIGHUP to hang up. A second SIGTERM or SIGINT
    /// while the first is still being handled ends the process at once, in case saving is
    /// stuck; not so SIGHUP, which a hang-up delivers twice (to the session leader and to the
    /// foreground group).
    pub fn register_signals(&self) -> io::Result<()> {
        use signal_hook::flag;
        for (sig, code) in [(SIGTERM, 143), (SIGINT, 130)] {
            flag::register_conditional_shutdown(sig, code, Arc::clone(&self.terminate))?;
            flag::register_usize(sig, Arc::clone(&self.signal), sig as usize)?;
            flag::register(sig, Arc::clone(&self.terminate))?;
        }
        flag::register_usize(SIGHUP, Arc::clone(&self.signal), SIGHUP as usize)?;
        flag::register(SIGHUP, Arc::clone(&self.hangup))?;
        Ok(())
    }
}

/// Where input comes from: the real terminal, or a script in tests.
pub trait EventSource {
    /// The next input, waiting at most `timeout`; `None` when nothing came.
    fn next(&mut self, timeout: Duration) -> Option<Input>;
}

/// Inputs played back in order, for tests; then the terminal "hangs up", so a loop under test
/// always ends.
#[derive(Clone, Debug, Default)]
pub struct ScriptedEvents {
    inputs: std::collections::VecDeque<Input>,
}

impl ScriptedEvents {
    pub fn new(inputs: impl IntoIterator<Item = Input>) -> ScriptedEvents {
        ScriptedEvents {
            inputs: inputs.into_iter().collect(),
        }
    }
}

impl EventSource for ScriptedEvents {
    fn next(&mut self, _timeout: Duration) -> Option<Input> {
        Some(
            self.inputs
                .pop_front()
                .unwrap_or(Input::Stop(StopReason::HangUp)),
        )
    }
}

/// Standard output behind a 64 KiB buffer that empties only when the frame is over: `flush`
/// does nothing unless [`Tui`] armed it at the end of a frame.
///
/// The whole frame is held (never cut at a buffer's end), so that its colour codes can be
/// held to what the terminal shows (`caps::hold_to_depth`) before it leaves in one write.
pub struct FrameWriter {
    frame: Vec<u8>,
    out: BufWriter<Stdout>,
    armed: Arc<AtomicBool>,
    depth: ColorDepth,
}

impl FrameWriter {
    fn new(armed: Arc<AtomicBool>, depth: ColorDepth) -> FrameWriter {
        FrameWriter {
            frame: Vec::with_capacity(64 * 1024),
            out: BufWriter::with_capacity(64 * 1024, io::stdout()),
            armed,
            depth,
        }
    }
}

impl Write for FrameWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.frame.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.armed.swap(false, Ordering::SeqCst) {
            let held = super::caps::hold_to_depth(&self.frame, self.depth);
            let result = self.out.write_all(&held).and_then(|()| self.out.flush());
            self.frame.clear();
            result
        } else {
            Ok(())
        }
    }
}

/// The real terminal's backend.
pub type CrosstermTui = Tui<CrosstermBackend<FrameWriter>>;

#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Capture the mouse (off by default: capture breaks copy and paste over SSH).
    pub mouse: bool,
    /// The colours the terminal shows; every frame is held to them.
    pub depth: ColorDepth,
}

/// Whether our modes are on, so restoring twice (panic hook, then the guard) is harmless.
static ACTIVE: AtomicBool = AtomicBool::new(false);
static MOUSE: AtomicBool = AtomicBool::new(false);

fn enter_modes(mouse: bool) -> io::Result<()> {
    crossterm::terminal::enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    MOUSE.store(mouse, Ordering::SeqCst);
    let mut out = io::stdout();
    execute!(
        out,
        EnterAlternateScreen,
        cursor::Hide,
        EnableBracketedPaste
    )?;
    if mouse {
        execute!(out, EnableMouseCapture)?;
    }
    Ok(())
}

/// Puts the terminal back as it was: cooked mode, main screen, visible cursor. Safe to call
/// any number of times and from the panic hook; errors are ignored because the terminal may be
/// gone.
pub fn restore_terminal() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let mut out = io::stdout();
    if MOUSE.swap(false, Ordering::SeqCst) {
        let _ = execute!(out, DisableMouseCapture);
    }
    let _ = execute!(
        out,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = crossterm::terminal::disable_raw_mode();
}

/// Restores the terminal before the panic message is printed, so the message is readable and
/// the shell is usable. Installed once; the previous hook still runs.
pub fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore_terminal();
            previous(info);
        }));
    });
}

/// Whether the locale says UTF-8 (`LC_ALL`, else `LC_CTYPE`, else `LANG`). The program cannot
/// see what the outer terminal really does; when this is false, warn that Thai may show wrongly
/// and point at the ASCII-borders option.
pub fn locale_is_utf8() -> bool {
    let var = |k: &str| std::env::var(k).ok();
    locale_says_utf8(&[var("LC_ALL"), var("LC_CTYPE"), var("LANG")])
}

fn locale_says_utf8(vars: &[Option<String>]) -> bool {
    vars.iter()
        .flatten()
        .find(|v| !v.is_empty())
        .is_some_and(|v| {
            let v = v.to_ascii_lowercase();
            v.contains("utf-8") || v.contains("utf8")
        })
}

/// The terminal (or a test backend) with its input and its stop flags.
pub struct Tui<B: Backend> {
    terminal: Terminal<B>,
    events: Box<dyn EventSource>,
    shutdown: Shutdown,
    live: Option<Live>,
}

/// What only a real terminal has.
struct Live {
    options: Options,
    /// Lets the next flush of the [`FrameWriter`] through.
    flush_armed: Arc<AtomicBool>,
    tty: TtyProbe,
    input_stop: Arc<AtomicBool>,
    /// Asks the input thread to leave the tty alone (another program is using it).
    input_pause: Arc<AtomicBool>,
    /// The input thread's answer: it is not reading.
    input_paused: Arc<AtomicBool>,
    /// Wakes the input thread from its wait, as a SIGWINCH would, but with no resize queued
    /// in crossterm (that would cost the next key, see [`WinchPipe`]).
    input_waker: std::os::unix::net::UnixStream,
    signals: signal_hook::iterator::Handle,
}

impl Tui<CrosstermBackend<FrameWriter>> {
    /// Takes over the terminal. Fails when standard output is not a terminal.
    pub fn start(options: Options) -> io::Result<CrosstermTui> {
        Tui::start_on(options, None)
    }

    /// Takes over the terminal, its input and signals sent into `inbox`: the one channel the
    /// main loop blocks on, which the runner's threads feed too (see `tui::run::event_loop`).
    /// [`Tui::next_input`] then has nothing to read: the loop receives and hands each input
    /// to [`Tui::accept`].
    pub fn start_feeding(options: Options, inbox: Sender<Input>) -> io::Result<CrosstermTui> {
        Tui::start_on(options, Some(inbox))
    }

    fn start_on(options: Options, inbox: Option<Sender<Input>>) -> io::Result<CrosstermTui> {
        if !io::stdout().is_terminal() {
            return Err(io::Error::other("standard output is not a terminal"));
        }
        let tty = TtyProbe::open()?;
        install_panic_hook();
        let shutdown = Shutdown::new();
        shutdown.register_signals()?;
        enter_modes(options.mouse)
            .and_then(|()| Tui::connect(options, tty, shutdown, inbox))
            .inspect_err(|_| restore_terminal())
    }

    fn connect(
        options: Options,
        tty: TtyProbe,
        shutdown: Shutdown,
        inbox: Option<Sender<Input>>,
    ) -> io::Result<CrosstermTui> {
        let flush_armed = Arc::new(AtomicBool::new(false));
        let writer = FrameWriter::new(Arc::clone(&flush_armed), options.depth);
        let terminal = Terminal::new(CrosstermBackend::new(writer))?;
        let (tx, rx) = match inbox {
            Some(tx) => (tx, None),
            None => {
                let (tx, rx) = mpsc::channel();
                (tx, Some(rx))
            }
        };
        let input_stop = Arc::new(AtomicBool::new(false));
        let input_pause = Arc::new(AtomicBool::new(false));
        let input_paused = Arc::new(AtomicBool::new(false));
        let input_waker = spawn_input_thread(
            tx.clone(),
            tty.clone(),
            InputControl {
                stop: Arc::clone(&input_stop),
                pause: Arc::clone(&input_pause),
                paused: Arc::clone(&input_paused),
            },
            shutdown.clone(),
        )?;
        let signals = spawn_signal_thread(tx)?;
        let events: Box<dyn EventSource> = match rx {
            Some(rx) => Box::new(TtyEvents {
                rx,
                tty: tty.clone(),
            }),
            None => Box::new(Elsewhere),
        };
        Ok(Tui {
            terminal,
            events,
            shutdown,
            live: Some(Live {
                options,
                flush_armed,
                tty,
                input_stop,
                input_pause,
                input_paused,
                input_waker,
                signals,
            }),
        })
    }
}

impl<B: Backend> Tui<B> {
    /// A terminal that is not a tty: a `TestBackend` with scripted input, for tests.
    pub fn headless(backend: B, events: impl EventSource + 'static) -> Result<Tui<B>, B::Error> {
        Ok(Tui {
            terminal: Terminal::new(backend)?,
            events: Box::new(events),
            shutdown: Shutdown::new(),
            live: None,
        })
    }

    /// Draws one frame and sends it in one write. A failed write means the terminal is gone.
    pub fn draw(&mut self, render: impl FnOnce(&mut Frame<'_>)) -> Result<(), StopReason> {
        let drawn = self.terminal.draw(render).map(|_| ()).is_ok();
        let sent = drawn && self.end_frame().is_ok();
        if sent {
            Ok(())
        } else {
            self.shutdown.request(StopReason::HangUp);
            Err(StopReason::HangUp)
        }
    }

    /// Waits up to `timeout` for the next input. Stop flags come first, so a signal is seen
    /// however busy the input is.
    pub fn next_input(&mut self, timeout: Duration) -> Input {
        if let Some(r) = self.shutdown.requested() {
            return Input::Stop(r);
        }
        let input = self.events.next(timeout);
        self.accept(input)
    }

    /// What the loop makes of an input it received (`None`: nothing came in time, then the
    /// tty is asked whether it hung up). Stop flags come first; a resume takes the terminal
    /// back, a resize repaints all.
    pub fn accept(&mut self, input: Option<Input>) -> Input {
        if let Some(r) = self.shutdown.requested() {
            return Input::Stop(r);
        }
        let input = match input {
            Some(input) => input,
            None if self.hung_up() => Input::Stop(StopReason::HangUp),
            None => Input::Tick,
        };
        match input {
            Input::Resumed => {
                if self.take_back().is_err() {
                    return Input::Stop(StopReason::HangUp);
                }
                Input::Redraw
            }
            Input::Redraw => {
                self.redraw_all();
                Input::Redraw
            }
            Input::Stop(r) => {
                self.shutdown.request(r);
                Input::Stop(r)
            }
            other => other,
        }
    }

    fn end_frame(&mut self) -> Result<(), B::Error> {
        if let Some(live) = &self.live {
            live.flush_armed.store(true, Ordering::SeqCst);
        }
        self.terminal.backend_mut().flush()
    }

    /// The flags behind [`Input::Stop`]; `request` on them makes the loop save and exit.
    pub fn shutdown(&self) -> Shutdown {
        self.shutdown.clone()
    }

    /// The next draw repaints every cell (after something else wrote on the screen).
    pub fn redraw_all(&mut self) {
        if let Ok(size) = self.terminal.size() {
            let _ = self
                .terminal
                .resize(Rect::from((ratatui::layout::Position::ORIGIN, size)));
        }
    }

    pub fn size(&self) -> Size {
        self.terminal.size().unwrap_or_default()
    }

    pub fn terminal(&mut self) -> &mut Terminal<B> {
        &mut self.terminal
    }

    pub fn backend(&self) -> &B {
        self.terminal.backend()
    }

    /// Ctrl-z: gives the terminal back to the shell, stops, and takes it again on `fg`.
    pub fn suspend(&mut self) -> io::Result<()> {
        if self.live.is_some() {
            let _ = self.end_frame();
            restore_terminal();
            signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
        }
        self.take_back()
    }

    /// Hands text to the terminal's clipboard with OSC 52, which terminals that allow it (and
    /// tmux with `set-clipboard on`) pass to the system clipboard; others ignore it.
    pub fn copy_to_clipboard(&mut self, text: &str) {
        use base64::Engine;
        if self.live.is_none() {
            return;
        }
        let _ = self.end_frame();
        let encoded = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
        let mut out = io::stdout();
        let _ = write!(out, "\x1b]52;c;{encoded}\x07");
        let _ = out.flush();
    }

    /// Lends the terminal to another program (an editor): our modes off and our input
    /// thread away from the tty while `run` runs, then everything taken back and redrawn.
    pub fn run_outside<T>(&mut self, run: impl FnOnce() -> T) -> io::Result<T> {
        if self.live.is_some() {
            let _ = self.end_frame();
        }
        if let Some(live) = &self.live {
            live.input_pause.store(true, Ordering::SeqCst);
            // Wake the input thread from its wait so it answers at once.
            let _ = (&live.input_waker).write(&[1]);
            let deadline = Instant::now() + Duration::from_secs(2);
            while !live.input_paused.load(Ordering::SeqCst) && Instant::now() < deadline {
                thread::sleep(Duration::from_millis(2));
            }
            restore_terminal();
        }
        let out = run();
        if let Some(live) = &self.live {
            live.input_pause.store(false, Ordering::SeqCst);
        }
        self.take_back()?;
        Ok(out)
    }

    /// Sets our modes again and redraws all: while the program was stopped the shell owned
    /// the terminal and may have changed any of them.
    fn take_back(&mut self) -> io::Result<()> {
        if let Some(live) = &self.live {
            if ACTIVE.load(Ordering::SeqCst) {
                // crossterm skips enabling raw mode it believes is on; make it set it again.
                let _ = crossterm::terminal::disable_raw_mode();
            }
            enter_modes(live.options.mouse)?;
        }
        self.redraw_all();
        Ok(())
    }

    /// True when the terminal has hung up (always false without a real terminal).
    pub fn hung_up(&self) -> bool {
        self.live
            .as_ref()
            .is_some_and(|l| l.tty.wait(Duration::ZERO) == Ready::HungUp)
    }
}

impl<B: Backend> Drop for Tui<B> {
    fn drop(&mut self) {
        if self.live.is_some() {
            let _ = self.end_frame();
        }
        if let Some(live) = self.live.take() {
            live.input_stop.store(true, Ordering::SeqCst);
            live.signals.close();
            restore_terminal();
        }
    }
}

/// The real terminal's input: the channel the two threads feed, and the tty to check for a
/// hang-up when the channel is quiet.
struct TtyEvents {
    rx: Receiver<Input>,
    tty: TtyProbe,
}

/// How long the main thread may wait without looking at the tty itself.
pub const HANGUP_CHECK: Duration = Duration::from_millis(500);

/// The input of a terminal that feeds the main loop's own channel: nothing to read here.
struct Elsewhere;

impl EventSource for Elsewhere {
    fn next(&mut self, timeout: Duration) -> Option<Input> {
        thread::sleep(timeout);
        None
    }
}

impl EventSource for TtyEvents {
    fn next(&mut self, timeout: Duration) -> Option<Input> {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left.min(HANGUP_CHECK)) {
                Ok(input) => return Some(input),
                Err(RecvTimeoutError::Disconnected) => {
                    return Some(Input::Stop(StopReason::HangUp));
                }
                Err(RecvTimeoutError::Timeout) => {
                    if self.tty.wait(Duration::ZERO) == Ready::HungUp {
                        return Some(Input::Stop(StopReason::HangUp));
                    }
                    if Instant::now() >= deadline {
                        return None;
                    }
                }
            }
        }
    }
}

/// Wakes the input thread on SIGWINCH. crossterm learns of a resize through its own signal
/// pipe, and when that pipe and the tty become ready in the same poll it returns the resize and
/// drops the tty's (edge-triggered) readiness: the key that came with it would wait for the next
/// key, and the thread would spin meanwhile. Draining crossterm as soon as the signal lands
/// leaves it nothing but the resize to find.
struct WinchPipe {
    rx: std::os::unix::net::UnixStream,
    id: signal_hook::SigId,
}

impl WinchPipe {
    /// The pipe, and a writer of our own into it to wake the thread by hand.
    fn register() -> io::Result<(WinchPipe, std::os::unix::net::UnixStream)> {
        let (rx, tx) = std::os::unix::net::UnixStream::pair()?;
        rx.set_nonblocking(true)?;
        let waker = tx.try_clone()?;
        waker.set_nonblocking(true)?;
        let id = signal_hook::low_level::pipe::register(SIGWINCH, tx)?;
        Ok((WinchPipe { rx, id }, waker))
    }

    fn drain(&self) {
        let mut buf = [0u8; 64];
        while matches!((&self.rx).read(&mut buf), Ok(n) if n > 0) {}
    }
}

impl Drop for WinchPipe {
    fn drop(&mut self) {
        signal_hook::low_level::unregister(self.id);
    }
}

/// The flags the main thread moves the input thread with.
struct InputControl {
    stop: Arc<AtomicBool>,
    pause: Arc<AtomicBool>,
    paused: Arc<AtomicBool>,
}

impl InputControl {
    /// True (after saying so) while another program has the tty: nothing may be read then,
    /// or its keys would come here.
    fn hold(&self) -> bool {
        let hold = self.pause.load(Ordering::SeqCst);
        self.paused.store(hold, Ordering::SeqCst);
        if hold {
            thread::sleep(Duration::from_millis(10));
        }
        hold
    }
}

fn spawn_input_thread(
    tx: Sender<Input>,
    tty: TtyProbe,
    control: InputControl,
    shutdown: Shutdown,
) -> io::Result<std::os::unix::net::UnixStream> {
    let hang_up = move |tx: &Sender<Input>| {
        shutdown.request(StopReason::HangUp);
        let _ = tx.send(Input::Stop(StopReason::HangUp));
    };
    // crossterm installs its SIGWINCH handler when its reader is first used. Ours must come
    // after it: handlers run in the order they were registered, so when our pipe wakes the
    // thread, crossterm's pipe already holds the signal.
    ct::poll(Duration::ZERO)?;
    let (winch, waker) = WinchPipe::register()?;
    thread::Builder::new()
        .name("xal-input".into())
        .spawn(move || {
            // The poll above may have parsed input ahead: hand it over before waiting.
            let mut drain_first = true;
            while !control.stop.load(Ordering::SeqCst) {
                if control.hold() {
                    continue;
                }
                let (ready, winched) = if std::mem::take(&mut drain_first) {
                    (Ready::Idle, true)
                } else {
                    tty.wait_or(Some(winch.rx.as_fd()), HANGUP_CHECK)
                };
                if control.hold() {
                    winch.drain();
                    continue;
                }
                if ready == Ready::HungUp {
                    return hang_up(&tx);
                }
                if winched {
                    winch.drain();
                } else if ready == Ready::Idle {
                    continue;
                }
                // Drain all crossterm has, including what it parsed ahead.
                let mut got = 0usize;
                loop {
                    match ct::poll(Duration::ZERO) {
                        Ok(false) => break,
                        Ok(true) => match ct::read() {
                            Ok(ev) => {
                                got += 1;
                                if let Some(input) = convert(ev)
                                    && tx.send(input).is_err()
                                {
                                    return;
                                }
                            }
                            Err(_) => return hang_up(&tx),
                        },
                        Err(_) => return hang_up(&tx),
                    }
                }
                if got == 0 && !winched {
                    // The tty has bytes crossterm will not report until more arrive (a
                    // readiness it dropped, see [`WinchPipe`]): wait for them without spinning.
                    thread::sleep(STALLED_INPUT_BACKOFF);
                }
            }
        })?;
    Ok(waker)
}

/// How long the input thread rests when the tty is readable but crossterm has nothing.
const STALLED_INPUT_BACKOFF: Duration = Duration::from_millis(20);

fn convert(ev: Event) -> Option<Input> {
    match ev {
        Event::Key(k) if k.kind != KeyEventKind::Release => Some(Input::Key(k)),
        Event::Mouse(m) => Some(Input::Mouse(m)),
        Event::Paste(s) => Some(Input::Paste(s)),
        // The signal thread reports every SIGWINCH; a second redraw would only cost bytes.
        _ => None,
    }
}

fn spawn_signal_thread(tx: Sender<Input>) -> io::Result<signal_hook::iterator::Handle> {
    let mut signals = Signals::new([SIGWINCH, SIGCONT, SIGTERM, SIGINT, SIGHUP])?;
    let handle = signals.handle();
    thread::Builder::new()
        .name("xal-signals".into())
        .spawn(move || {
            for sig in signals.forever() {
                let input = match sig {
                    SIGWINCH => Input::Redraw,
                    SIGCONT => Input::Resumed,
                    SIGHUP => Input::Stop(StopReason::HangUp),
                    _ => Input::Stop(StopReason::Terminate),
                };
                if tx.send(input).is_err() {
                    return;
                }
            }
        })?;
    Ok(handle)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ready {
    Readable,
    Idle,
    HungUp,
}

/// The tty crossterm reads from (standard input when it is a terminal, else `/dev/tty`), asked
/// directly whether it has input or has hung up.
#[derive(Clone)]
struct TtyProbe {
    /// `/dev/tty` when standard input is not the terminal.
    owned: Option<Arc<std::fs::File>>,
}

impl TtyProbe {
    fn open() -> io::Result<TtyProbe> {
        if io::stdin().is_terminal() {
            return Ok(TtyProbe { owned: None });
        }
        let f = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open("/dev/tty")?;
        Ok(TtyProbe {
            owned: Some(Arc::new(f)),
        })
    }

    fn wait(&self, timeout: Duration) -> Ready {
        self.wait_or(None, timeout).0
    }

    /// Waits for the tty or for `other` to become readable; says whether `other` did.
    fn wait_or(&self, other: Option<BorrowedFd<'_>>, timeout: Duration) -> (Ready, bool) {
        use rustix::event::{PollFd, PollFlags, Timespec};
        let stdin = io::stdin();
        let tty = match &self.owned {
            Some(f) => f.as_fd(),
            None => stdin.as_fd(),
        };
        let mut fds = vec![PollFd::new(&tty, PollFlags::IN)];
        if let Some(o) = &other {
            fds.push(PollFd::new(o, PollFlags::IN));
        }
        let timeout = Timespec {
            tv_sec: i64::try_from(timeout.as_secs()).unwrap_or(i64::MAX),
            tv_nsec: i64::from(timeout.subsec_nanos()),
        };
        if let Err(e) = rustix::event::poll(&mut fds, Some(&timeout)) {
            let ready = if e == rustix::io::Errno::INTR {
                Ready::Idle
            } else {
                Ready::HungUp
            };
            return (ready, false);
        }
        let other_ready = fds
            .get(1)
            .is_some_and(|f| f.revents().contains(PollFlags::IN));
        let got = fds[0].revents();
        let ready = if got.intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL) {
            Ready::HungUp
        } else if got.contains(PollFlags::IN) {
            Ready::Readable
        } else {
            Ready::Idle
        };
        (ready, other_ready)
    }
}

#[cfg(test)]
mod tests {
    use crossterm::event::{KeyCode, KeyModifiers};
    use ratatui::backend::TestBackend;
    use ratatui::widgets::Paragraph;

    use super::*;

    #[test]
    fn scripted_input_ends_in_a_hang_up() {
        let k = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
        let mut tui = Tui::headless(
            TestBackend::new(10, 2),
            ScriptedEvents::new([Input::Key(k)]),
        )
        .unwrap();
        assert_eq!(tui.next_input(Duration::from_secs(1)), Input::Key(k));
        assert_eq!(
            tui.next_input(Duration::from_secs(1)),
            Input::Stop(StopReason::HangUp)
        );
        assert_eq!(
            tui.next_input(Duration::from_secs(1)),
            Input::Stop(StopReason::HangUp)
        );
    }

    #[test]
    fn a_requested_stop_comes_before_any_input() {
        let k = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE);
        let mut tui = Tui::headless(
            TestBackend::new(10, 2),
            ScriptedEvents::new([Input::Key(k)]),
        )
        .unwrap();
        tui.shutdown().request(StopReason::Terminate);
        assert_eq!(
            tui.next_input(Duration::ZERO),
            Input::Stop(StopReason::Terminate)
        );
        tui.shutdown().request(StopReason::HangUp);
        assert_eq!(
            tui.next_input(Duration::ZERO),
            Input::Stop(StopReason::HangUp)
        );
    }

    #[test]
    fn redraw_and_resume_repaint_everything() {
        let mut tui = Tui::headless(
            TestBackend::new(6, 1),
            ScriptedEvents::new([Input::Redraw, Input::Resumed]),
        )
        .unwrap();
        tui.draw(|f| f.render_widget(Paragraph::new("abc"), f.area()))
            .unwrap();
        assert_eq!(tui.next_input(Duration::ZERO), Input::Redraw);
        // After a full redraw request the screen is blank until drawn again.
        tui.backend().assert_buffer_lines(["      "]);
        tui.draw(|f| f.render_widget(Paragraph::new("abc"), f.area()))
            .unwrap();
        tui.backend().assert_buffer_lines(["abc   "]);
        assert_eq!(tui.next_input(Duration::ZERO), Input::Redraw);
        assert!(tui.suspend().is_ok());
        assert!(!tui.hung_up());
    }

    #[test]
    fn the_probe_sees_input_and_a_hang_up() {
        use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
        let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY).unwrap();
        grantpt(&master).unwrap();
        unlockpt(&master).unwrap();
        let name = ptsname(&master, Vec::new()).unwrap();
        let slave = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(<std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(name.as_bytes()))
            .unwrap();
        let mut master = std::fs::File::from(master);
        let probe = TtyProbe {
            owned: Some(Arc::new(slave)),
        };
        assert_eq!(probe.wait(Duration::ZERO), Ready::Idle);
        // The slave is in canonical mode: input is readable once a line is complete.
        master.write_all(b"j\n").unwrap();
        assert_eq!(probe.wait(Duration::from_secs(5)), Ready::Readable);
        drop(master);
        assert_eq!(probe.wait(Duration::from_secs(5)), Ready::HungUp);
    }

    #[test]
    fn the_first_locale_variable_set_decides_utf8() {
        let s = |v: &str| Some(v.to_string());
        assert!(locale_says_utf8(&[None, None, s("th_TH.UTF-8")]));
        assert!(locale_says_utf8(&[s(""), s("C.utf8"), s("C")]));
        assert!(!locale_says_utf8(&[s("C"), None, s("th_TH.UTF-8")]));
        assert!(!locale_says_utf8(&[s("th_TH.TIS-620"), None, None]));
        assert!(!locale_says_utf8(&[None, None, None]));
    }

    #[test]
    fn frame_writer_holds_bytes_until_armed() {
        let armed = Arc::new(AtomicBool::new(false));
        let mut w = FrameWriter::new(Arc::clone(&armed), ColorDepth::TrueColor);
        w.write_all(b"x").unwrap();
        w.flush().unwrap();
        assert_eq!(w.frame, b"x");
        assert!(w.out.buffer().is_empty());
        // Nothing reaches the test's standard output.
        let _ = w.out.into_parts();
    }
}
