package org.matdx.privacy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The attack on a model that learned from hidden rows, as a predict-only caller can mount it: ask
 * for predictions of candidate compositions — the hidden ones among others drawn from the same
 * public table — and tell which were training rows (membership inference) and read their values
 * off the predictions (reconstruction).
 *
 * <p>Membership is scored three ways and the attacker keeps the best: by a small uncertainty (an
 * ensemble's spread collapses on its own rows), by a small error against the value the attacker
 * knows from the public table (Yeom et al., CSF 2018: models fit their training rows better), and
 * by the error measured in uncertainties. The AUC is the probability that a random member scores
 * above a random non-member (0.5: no better than a coin). A value counts as recovered when the
 * prediction is within 5 % of it.
 */
public final class MembershipAttack {
    /** Relative tolerance of a recovered value. */
    public static final double RECOVERY_TOLERANCE = 0.05;

    private MembershipAttack() {
    }

    /** A composition the attacker asks about, its value in the public table, and whether it was a hidden training row. */
    public record Candidate(String formula, double value, boolean member) {
    }

    /** What the model answered for one candidate. */
    public record Answer(double value, double uncertainty) {
    }

    /** Something that answers predictions, e.g. the HTTP API as an anonymous caller. */
    @FunctionalInterface
    public interface Oracle {
        List<Answer> predict(List<String> formulas);
    }

    /**
     * @param membershipAuc        the best of the three attacks
     * @param aucByUncertainty     members have smaller uncertainty
     * @param aucByError           members have smaller error
     * @param aucByScaledError     members have smaller error in uncertainties
     * @param recovered            share of members whose value the prediction gives within 5 %
     * @param nonMembersRecovered  the same share among non-members (what prediction alone gives)
     */
    public record Report(int members, int nonMembers, double membershipAuc, double aucByUncertainty, double aucByError,
                         double aucByScaledError, double recovered, double nonMembersRecovered) {
    }

    /** Asks the oracle in batches of at most {@code batch} and scores the answers. */
    public static Report run(List<Candidate> candidates, Oracle oracle, int batch) {
        List<Answer> answers = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i += batch) {
            List<String> f = candidates.subList(i, Math.min(candidates.size(), i + batch)).stream()
                    .map(Candidate::formula).toList();
            List<Answer> a = oracle.predict(f);
            if (a.size() != f.size()) {
                throw new IllegalStateException("asked " + f.size() + " predictions, got " + a.size());
            }
            answers.addAll(a);
        }
        return score(candidates, answers);
    }

    public static Report score(List<Candidate> candidates, List<Answer> answers) {
        int n = candidates.size();
        boolean[] member = new boolean[n];
        double[] byUnc = new double[n];
        double[] byErr = new double[n];
        double[] byScaled = new double[n];
        int members = 0;
        int recovered = 0;
        int otherRecovered = 0;
        for (int i = 0; i < n; i++) {
            Candidate c = candidates.get(i);
            Answer a = answers.get(i);
            member[i] = c.member();
            double err = Math.abs(a.value() - c.value());
            byUnc[i] = -a.uncertainty();
            byErr[i] = -err;
            byScaled[i] = -err / Math.max(a.uncertainty(), 1e-12);
            boolean rec = recovers(a.value(), c.value());
            if (c.member()) {
                members++;
                recovered += rec ? 1 : 0;
            } else {
                otherRecovered += rec ? 1 : 0;
            }
        }
        int others = n - members;
        if (members == 0 || others == 0) {
            throw new IllegalArgumentException("the attack needs members and non-members among the candidates");
        }
        double u = auc(member, byUnc);
        double e = auc(member, byErr);
        double s = auc(member, byScaled);
        return new Report(members, others, Math.max(u, Math.max(e, s)), u, e, s, recovered / (double) members,
                otherRecovered / (double) others);
    }

    /** Whether a prediction gives the value within {@link #RECOVERY_TOLERANCE} (a zero only by a zero). */
    public static boolean recovers(double predicted, double actual) {
        return Math.abs(predicted - actual) <= RECOVERY_TOLERANCE * Math.abs(actual);
    }

    /** The share of rows whose value the predictions recover within 5 %. */
    public static double recoveredShare(double[] predicted, double[] actual) {
        int k = 0;
        for (int i = 0; i < actual.length; i++) {
            k += recovers(predicted[i], actual[i]) ? 1 : 0;
        }
        return k / (double) actual.length;
    }

    /** ROC AUC of a score for the positive class, ties counted half (Mann-Whitney U / (n₊·n₋)). */
    static double auc(boolean[] positive, double[] score) {
        Integer[] idx = new Integer[score.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Double.compare(score[a], score[b]));
        double rankSum = 0;
        int pos = 0;
        int i = 0;
        while (i < idx.length) {
            int j = i;
            while (j + 1 < idx.length && score[idx[j + 1]] == score[idx[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (positive[idx[k]]) {
                    rankSum += rank;
                    pos++;
                }
            }
            i = j + 1;
        }
        int neg = score.length - pos;
        return (rankSum - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }

}
