;;; eglot_test.el --- agent-lsp in a real Emacs with eglot, headless  -*- lexical-binding: t -*-
;;
;; Run by tests/editors/test_emacs_eglot.py:
;;   emacs --batch -l tests/editors/eglot_test.el
;; with AGENT_LSP_EMACS_CONFIG (the Emacs setup from docs/editors.md, written to a file) and
;; AGENT_LSP_EMACS_FILE (an agent file with known problems). Opens the file as a user would, lets the
;; documented hook start eglot, waits for eglot's diagnostics in flymake and prints them:
;;   ROOT <eglot's project root>
;;   DIAG <line> <column> <type> <text>      (line 1-based, column 0-based, text "agent-lsp [CODE]: ...")
;; and exits 0, or prints "ERROR ..." and exits 1.

(defvar agent-lsp-test-timeout
  (string-to-number (or (getenv "AGENT_LSP_TEST_TIMEOUT") "60")))

(defun agent-lsp-test-fail (format-string &rest args)
  (princ (concat "ERROR " (apply #'format format-string args) "\n"))
  (kill-emacs 1))

(defun agent-lsp-test-wait (predicate what)
  "Run the event loop until PREDICATE returns non-nil; fail after the timeout."
  (let ((deadline (+ (float-time) agent-lsp-test-timeout))
        result)
    (while (and (not (setq result (funcall predicate)))
                (< (float-time) deadline))
      (accept-process-output nil 0.1))
    (or result (agent-lsp-test-fail "timed out waiting for %s" what))))

(require 'cl-lib)
(require 'seq)

(condition-case err
    (progn
      ;; An interactive Emacs activates installed packages (Debian's elpa-* ones too) before the init
      ;; file; batch mode does not, so do it here.
      (require 'package)
      (package-activate-all)
      (load (getenv "AGENT_LSP_EMACS_CONFIG") nil t)
      (princ (format "Emacs %s, eglot %s\n" emacs-version
                     (if (fboundp 'eglot-ensure)
                         (let ((lib (locate-library "eglot"))) (or lib "?"))
                       "missing")))
      (find-file (getenv "AGENT_LSP_EMACS_FILE"))
      (unless (derived-mode-p 'markdown-mode)
        (agent-lsp-test-fail "the agent file opened in %s, not markdown-mode" major-mode))
      ;; eglot-ensure connects from post-command-hook, which batch mode never runs by itself.
      (run-hooks 'post-command-hook)
      (let ((server (agent-lsp-test-wait #'eglot-current-server "eglot to connect")))
        (princ (format "ROOT %s\n" (expand-file-name (project-root (eglot--project server))))))
      ;; Wait for both: the server publishes cross-file checks such as WS001 once its workspace scan is done.
      (agent-lsp-test-wait
       (lambda ()
         (cl-flet ((has (code) (seq-some (lambda (d) (string-match-p (regexp-quote (format "[%s]" code))
                                                                     (flymake-diagnostic-text d)))
                                         (flymake-diagnostics))))
           (and (has "KY002") (has "WS001"))))
       "KY002 and WS001 diagnostics from eglot in flymake")
      (dolist (d (flymake-diagnostics))
        (let ((beg (flymake-diagnostic-beg d)))
          (princ (format "DIAG %d %d %s %s\n"
                         (line-number-at-pos beg)
                         (save-excursion (goto-char beg) (current-column))
                         (flymake-diagnostic-type d)
                         (replace-regexp-in-string "\n" " " (flymake-diagnostic-text d))))))
      (ignore-errors (eglot-shutdown (eglot-current-server)))
      (kill-emacs 0))
  (error (agent-lsp-test-fail "%S" err)))
;;; eglot_test.el ends here
