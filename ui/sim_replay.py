"""The Simulator's replay: the controls, the graph at the current moment, the words, the inspector.

It is one fragment, so a step, a scrub or a tick of Play reruns only this part of the page;
Play is a timer on the fragment (`run_every`), which only a whole-page run can start or stop.
"""

from __future__ import annotations

import streamlit as st

from ui import cache
from ui import sim_address
from ui import sim_view as V
from ui import state as S
from ui.replay import index_of

SPEEDS = {"Slow (2 s a moment)": 2.0, "Normal (1 s)": 1.0, "Fast (0.5 s)": 0.5}
PRESENTER_SPEED = "Slow (2 s a moment)"


def show(sim, *, hide_run: bool = False, presenter: bool = False) -> None:
    """The replay of a run that worked (`sim.ok`)."""
    replay = sim.replay
    count = len(replay)
    pending = S.pop(S.SIM_PENDING_STEP)
    if pending is not None:
        S.put(S.SIM_STEP, index_of(pending, replay) or 0)
    if not isinstance(S.get(S.SIM_STEP), int) or not 0 <= S.get(S.SIM_STEP) < count:
        S.put(S.SIM_STEP, min(max(int(S.get(S.SIM_STEP) or 0), 0), count - 1))
    if S.get(S.SIM_SPEED) not in SPEEDS or not S.get(S.SIM_SPEED_CHOSEN):
        S.put(S.SIM_SPEED, PRESENTER_SPEED if presenter else "Normal (1 s)")  # a room's pace, until one is chosen
    playing = bool(S.get(S.SIM_PLAYING)) and not hide_run


    def _move(to: int) -> None:
        S.put(S.SIM_STEP, max(0, min(to, count - 1)))


    def _speed_chosen() -> None:
        S.put(S.SIM_SPEED_CHOSEN, True)
        if S.get(S.SIM_PLAYING):
            S.put(S.SIM_PLAY_CHANGED, True)


    def _toggle_play() -> None:
        at_end = S.get(S.SIM_STEP, 0) >= count - 1
        if not S.get(S.SIM_PLAYING) and at_end:
            S.put(S.SIM_STEP, 0)  # Play at the end starts again
        S.put(S.SIM_PLAYING, not S.get(S.SIM_PLAYING))
        S.put(S.SIM_PLAY_CHANGED, True)


    @st.fragment(run_every=SPEEDS[S.get(S.SIM_SPEED)] if playing else None)
    def replay_panel() -> None:
        if S.pop(S.SIM_PLAY_CHANGED):
            st.rerun()  # start or stop the timer: only a whole-page run can
        now_playing = bool(S.get(S.SIM_PLAYING)) and not hide_run
        if now_playing and playing:
            if S.get(S.SIM_STEP, 0) >= count - 1:
                S.put(S.SIM_PLAYING, False)
                st.rerun()
            S.put(S.SIM_STEP, S.get(S.SIM_STEP, 0) + 1)
        index = S.get(S.SIM_STEP, 0)
        frame = replay.frame(index)
        with st.container(key="sim_transport"):
            cols = st.columns([1, 1, 1.3, 1, 1], vertical_alignment="center")
            cols[0].button("Start", key="sim_first", icon=":material/first_page:", help="Jump to the start",
                           on_click=_move, args=(0,), disabled=index == 0 or hide_run, width="stretch")
            cols[1].button("Back", key="sim_back", icon=":material/chevron_left:", help="Step back one moment",
                           on_click=_move, args=(index - 1,), disabled=index == 0 or hide_run, width="stretch")
            cols[2].button("Pause" if now_playing else "Play", key="sim_play",
                           icon=":material/pause:" if now_playing else ":material/play_arrow:", on_click=_toggle_play,
                           type="primary", disabled=hide_run or count < 2, width="stretch")
            cols[3].button("Forward", key="sim_forward", icon=":material/chevron_right:", help="Step forward one moment",
                           on_click=_move, args=(index + 1,), disabled=index >= count - 1 or hide_run, width="stretch")
            cols[4].button("End", key="sim_last", icon=":material/last_page:", help="Jump to the end",
                           on_click=_move, args=(count - 1,), disabled=index >= count - 1 or hide_run, width="stretch")
        speed_col, slider_col = st.columns([1, 3], vertical_alignment="bottom")
        speed_col.selectbox("Play speed", list(SPEEDS), key=S.SIM_SPEED,
                            on_change=_speed_chosen)
        if count > 1 and not hide_run:
            slider_col.slider("Moment of the run", 0, count - 1, key=S.SIM_STEP,
                              help="Drag to scrub through the whole run; every moment is a point on its virtual clock.")
        if hide_run:
            st.info("Answer the question first; then the run is shown, step by step.", icon=":material/visibility_off:")
        else:
            with st.container(border=True):
                V.moment(frame, count)
                ex = sim.execution
                st.caption(f"Run: **{ex.status}** · last state **{ex.last_state or '—'}** · "
                           f"{ex.transitions:,} transitions · {V.seconds_text(ex.duration)} of virtual time · "
                           f"{len(ex.history):,} events")
        V.graph(sim.definition, frame, presenter=presenter, hide_run=hide_run)
        if not hide_run:
            V.inspector(sim, frame, key="sim_inspect_pick", presenter=presenter)
            # Drawn only while open (opening it reruns this panel): a closed grid is still work
            # for the browser on every step.
            events = st.expander("Events up to this moment", key=S.SIM_EVENTS_OPEN, on_change="rerun")
            if events.open:
                with events:
                    ids = replay.event_order[max(0, frame.seen - 300):frame.seen]
                    st.caption(f"{frame.seen:,} of {len(sim.execution.history):,} events"
                               + ("; the latest 300 are shown, the whole history is in the Event history tab."
                                  if frame.seen > 300 else "."))
                    st.dataframe(cache.history_table(sim).loc[ids], hide_index=True, width="stretch")
        sim_address.write("end" if index == count - 1 and count > 1 else str(index))


    V.transport_css(presenter)  # page-wide CSS, outside the panel: a step need not send it again
    replay_panel()
